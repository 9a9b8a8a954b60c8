package dev.katka.protocol;

import dev.katka.cluster.BrokerEndpoint;
import dev.katka.cluster.ClusterView;
import dev.katka.config.BrokerConfig;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.PartitionState;
import dev.katka.metadata.TopicImage;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData.MetadataRequestTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Metadata: the brokers, the controller, and for each requested topic its partitions with
 * leader, leader epoch, replicas and in-sync replicas.
 *
 * <p>Unknown topics are created with the broker's defaults when the client allows it and
 * {@code auto.create.topics.enable} is on; that part runs on the admin executor, the rest on the
 * event loop.
 */
public final class MetadataHandler implements ApiHandler<MetadataRequest> {

    private final TopicRegistry topics;
    private final Supplier<MetadataImage> image;
    private final ClusterView cluster;
    private final BrokerConfig broker;
    private final Executor admin;

    /**
     * @param image this broker's current metadata, which answers where each partition's leader is
     *              (also for partitions this broker holds no replica of)
     */
    public MetadataHandler(TopicRegistry topics, Supplier<MetadataImage> image, ClusterView cluster,
                           BrokerConfig broker, Executor admin) {
        this.topics = topics;
        this.image = image;
        this.cluster = cluster;
        this.broker = broker;
        this.admin = admin;
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
        return CompletableFuture.supplyAsync(() -> {
            Map<String, ApiError> failures = new java.util.HashMap<>();
            for (String name : missing) {
                try {
                    topics.create(name, broker.numPartitions(), broker.defaultReplicationFactor(), Map.of(), false);
                } catch (org.apache.kafka.common.errors.TopicExistsException raced) {
                    // another client created it meanwhile: fine
                } catch (RuntimeException e) {
                    failures.put(name, ApiErrors.of(e, "auto-creating topic " + name));
                }
            }
            List<MetadataResponseTopic> described = describe(body.data().topics());
            described.replaceAll(t -> failures.containsKey(t.name()) ? error(t.name(), null, failures.get(t.name()).error()) : t);
            return response(described, request.apiVersion());
        }, admin);
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
