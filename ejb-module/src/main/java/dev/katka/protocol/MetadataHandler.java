package dev.katka.protocol;

import dev.katka.cluster.BrokerEndpoint;
import dev.katka.cluster.ClusterView;
import dev.katka.config.BrokerConfig;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.PartitionState;
import dev.katka.metadata.TopicImage;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.network.RequestHandler;
import dev.katka.topic.TopicRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Metadata: the brokers, the controller, and for each requested topic its partitions with
 * leader, leader epoch, replicas and in-sync replicas.
 *
 * <p>Unknown topics are created with the broker's defaults when the client allows it and
 * {@code auto.create.topics.enable} is on: as a CreateTopics request on the client's behalf to
 * the controller (forwarded when it is another broker), answered once this broker has the new
 * topics; the rest runs on the event loop.
 */
public final class MetadataHandler implements ApiHandler<MetadataRequest> {

    /** How long auto-creation may take: kafka-clients' default request timeout. */
    private static final Duration AUTO_CREATE_TIMEOUT = Duration.ofSeconds(30);

    private final TopicRegistry topics;
    private final Supplier<MetadataImage> image;
    private final ClusterView cluster;
    private final BrokerConfig broker;
    private final RequestHandler controllerBound;

    /**
     * @param image           this broker's current metadata, which answers where each partition's
     *                        leader is (also for partitions this broker holds no replica of)
     * @param controllerBound where CreateTopics for auto-creation goes: the controller, here or
     *                        forwarded; it answers once this broker has the topics
     */
    public MetadataHandler(TopicRegistry topics, Supplier<MetadataImage> image, ClusterView cluster,
                           BrokerConfig broker, RequestHandler controllerBound) {
        this.topics = topics;
        this.image = image;
        this.cluster = cluster;
        this.broker = broker;
        this.controllerBound = controllerBound;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<MetadataRequest> request) {
        MetadataRequest body = request.body();
        if (body.isAllTopics()) {
            return done(response(describeAll(), request.apiVersion()));
        }
        List<String> missing = missingNames(body.data().topics());
        boolean autoCreate = body.allowAutoTopicCreation() && broker.autoCreateTopics() && !missing.isEmpty();
        if (!autoCreate) {
            return done(response(describe(body.data().topics()), request.apiVersion()));
        }
        return controllerBound.handle(request.onBehalf(creation(missing), request.header().correlationId()))
                .handle((created, failure) -> {
                    Map<String, ApiError> failures = new HashMap<>();
                    if (failure != null) {
                        ApiError error = ApiErrors.of(failure, "auto-creating topics " + missing);
                        missing.forEach(name -> failures.put(name, error));
                    }
                    for (CreatableTopicResult result : created == null ? List.<CreatableTopicResult>of()
                            : ((CreateTopicsResponse) created).data().topics()) {
                        Errors error = Errors.forCode(result.errorCode());
                        // TOPIC_ALREADY_EXISTS: another client created it meanwhile, which is fine.
                        if (error != Errors.NONE && error != Errors.TOPIC_ALREADY_EXISTS) {
                            failures.put(result.name(), new ApiError(error, result.errorMessage()));
                        }
                    }
                    List<MetadataResponseTopic> described = describe(body.data().topics());
                    described.replaceAll(t -> failures.containsKey(t.name())
                            ? error(t.name(), null, failures.get(t.name()).error()) : t);
                    return response(described, request.apiVersion());
                });
    }

    /** A CreateTopics request for the missing topics, with this broker's defaults (as Kafka's auto-creation). */
    private CreateTopicsRequest creation(List<String> missing) {
        CreatableTopicCollection creatable = new CreatableTopicCollection();
        for (String name : new java.util.LinkedHashSet<>(missing)) {
            creatable.add(new CreatableTopic().setName(name).setNumPartitions(broker.numPartitions())
                    .setReplicationFactor(broker.defaultReplicationFactor()));
        }
        return new CreateTopicsRequest.Builder(new CreateTopicsRequestData().setTopics(creatable)
                .setTimeoutMs((int) AUTO_CREATE_TIMEOUT.toMillis())).build();
    }

    private List<String> missingNames(List<MetadataRequestTopic> requested) {
        List<String> missing = new ArrayList<>();
        for (MetadataRequestTopic topic : requested) {
            if (topic.name() != null && topics.get(topic.name()).isEmpty() && isCreatable(topic.name())) {
                missing.add(topic.name());
            }
        }
        return missing;
    }

    private static boolean isCreatable(String name) {
        try {
            Topic.validate(name);
            return !Topic.isInternal(name);
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    private List<MetadataResponseTopic> describeAll() {
        List<MetadataResponseTopic> described = new ArrayList<>();
        for (TopicRecord topic : topics.all()) {
            described.add(describe(topic));
        }
        return described;
    }

    private List<MetadataResponseTopic> describe(List<MetadataRequestTopic> requested) {
        List<MetadataResponseTopic> described = new ArrayList<>();
        for (MetadataRequestTopic wanted : requested) {
            if (wanted.name() == null) {
                Uuid id = wanted.topicId();
                described.add(topics.get(id).map(this::describe)
                        .orElseGet(() -> error(null, id, Errors.UNKNOWN_TOPIC_ID)));
            } else if (!isValidName(wanted.name())) {
                described.add(error(wanted.name(), Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION));
            } else {
                described.add(topics.get(wanted.name()).map(this::describe)
                        .orElseGet(() -> error(wanted.name(), Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION)));
            }
        }
        return described;
    }

    private static boolean isValidName(String name) {
        try {
            Topic.validate(name);
            return true;
        } catch (InvalidTopicException e) {
            return false;
        }
    }

    private MetadataResponseTopic describe(TopicRecord topic) {
        MetadataResponseTopic described = new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(Topic.isInternal(topic.name()))
                .setTopicAuthorizedOperations(Integer.MIN_VALUE);
        MetadataImage current = image.get();
        Optional<TopicImage> known = current.topic(topic.id());
        for (int p = 0; p < topic.partitionCount(); p++) {
            int index = p;
            described.partitions().add(known.filter(t -> index < t.partitions().size())
                    .map(t -> describe(current, t.partition(index), index))
                    .orElseGet(() -> unavailable(index)));
        }
        return described;
    }

    private static MetadataResponsePartition describe(MetadataImage image, PartitionState state, int index) {
        MetadataResponsePartition described = new MetadataResponsePartition()
                .setPartitionIndex(index)
                .setLeaderId(state.leader())
                .setLeaderEpoch(state.leaderEpoch())
                .setReplicaNodes(state.replicas())
                .setIsrNodes(state.isr())
                .setOfflineReplicas(state.replicas().stream().filter(r -> !image.isAlive(r)).toList());
        if (!state.hasLeader()) {
            described.setErrorCode(Errors.LEADER_NOT_AVAILABLE.code());
        }
        return described;
    }

    private static MetadataResponsePartition unavailable(int index) {
        return new MetadataResponsePartition().setPartitionIndex(index)
                .setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()).setLeaderId(-1).setLeaderEpoch(-1);
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic()
                .setName(name)
                .setTopicId(id == null ? Uuid.ZERO_UUID : id)
                .setErrorCode(error.code())
                .setTopicAuthorizedOperations(Integer.MIN_VALUE);
    }

    private AbstractResponse response(List<MetadataResponseTopic> described, short version) {
        MetadataResponseData data = new MetadataResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setClusterAuthorizedOperations(Integer.MIN_VALUE);
        for (BrokerEndpoint b : cluster.aliveBrokers()) {
            data.brokers().add(new MetadataResponseBroker().setNodeId(b.id()).setHost(b.host())
                    .setPort(b.port()).setRack(b.rack()));
        }
        described.forEach(data.topics()::add);
        return new MetadataResponse(data, version);
    }

    private static CompletionStage<AbstractResponse> done(AbstractResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
