package dev.katka.protocol;

import dev.katka.cluster.ClusterView;
import dev.katka.config.BrokerConfig;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicConfigs;
import dev.katka.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;

/**
 * CreateTopics: creates each requested topic, or says per topic why not.
 *
 * <p>Runs on the admin executor because creation writes the metadata store and creates files.
 * The answer for a created topic carries its id, partition count, replication factor and
 * effective configs (version 5 on), so {@code kafka-topics --create} shows them.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequest> {

    private final TopicRegistry topics;
    private final TopicConfigs configs;
    private final BrokerConfig broker;
    private final ClusterView cluster;
    private final Executor admin;

    public CreateTopicsHandler(TopicRegistry topics, TopicConfigs configs, BrokerConfig broker, ClusterView cluster,
                               Executor admin) {
        this.topics = topics;
        this.configs = configs;
        this.broker = broker;
        this.cluster = cluster;
        this.admin = admin;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<CreateTopicsRequest> request) {
        return CompletableFuture.supplyAsync(() -> createAll(request.body()), admin);
    }

    private AbstractResponse createAll(CreateTopicsRequest request) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic topic : request.data().topics()) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        for (CreatableTopic topic : request.data().topics()) {
            if (duplicates.contains(topic.name())) {
                if (response.topics().find(topic.name()) == null) {
                    response.topics().add(error(topic.name(), new ApiError(Errors.INVALID_REQUEST,
                            "Topic '" + topic.name() + "' appears more than once in the request.")));
                }
                continue;
            }
            response.topics().add(create(topic, request.data().validateOnly()));
        }
        return new CreateTopicsResponse(response);
    }

    private CreatableTopicResult create(CreatableTopic topic, boolean validateOnly) {
        try {
            Map<String, String> overrides = new HashMap<>();
            topic.configs().forEach(c -> overrides.put(c.name(), c.value()));
            int partitions = topic.numPartitions();
            short replicationFactor = topic.replicationFactor();
            List<List<Integer>> assignment = null;
            if (!topic.assignments().isEmpty()) {
                if (partitions != -1 || replicationFactor != -1) {
                    throw new InvalidRequestException("Give either a replica assignment or a partition count and "
                            + "replication factor for topic '" + topic.name() + "', not both.");
                }
                partitions = topic.assignments().size();
                replicationFactor = checkedAssignment(topic);
                assignment = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    assignment.add(List.copyOf(topic.assignments().find(p).brokerIds()));
                }
            }
            // The explicit assignment, in the client's order: its first replica is the preferred leader.
            TopicRecord created = topics.create(topic.name(),
                    partitions == -1 ? broker.numPartitions() : partitions,
                    replicationFactor == -1 ? broker.defaultReplicationFactor() : replicationFactor,
                    overrides, assignment, validateOnly);
            return success(created);
        } catch (RuntimeException e) {
            return error(topic.name(), ApiErrors.of(e, "creating topic " + topic.name()));
        }
    }

    /** Checks an explicit assignment: partitions 0..n-1, one replica list size, live brokers only. */
    private short checkedAssignment(CreatableTopic topic) {
        int size = -1;
        for (int p = 0; p < topic.assignments().size(); p++) {
            CreatableReplicaAssignment assignment = topic.assignments().find(p);
            if (assignment == null) {
                throw new InvalidReplicaAssignmentException("The replica assignment of topic '" + topic.name()
                        + "' must cover partitions 0 to " + (topic.assignments().size() - 1) + "; " + p + " is missing.");
            }
            List<Integer> replicas = assignment.brokerIds();
            if (size != -1 && replicas.size() != size) {
                throw new InvalidReplicaAssignmentException("Every partition of topic '" + topic.name()
                        + "' needs the same number of replicas.");
            }
            size = replicas.size();
            if (new HashSet<>(replicas).size() != replicas.size()) {
                throw new InvalidReplicaAssignmentException("Partition " + p + " of topic '" + topic.name()
                        + "' names a broker twice: " + replicas + ".");
            }
            for (int brokerId : replicas) {
                if (cluster.broker(brokerId).isEmpty()) {
                    throw new InvalidReplicaAssignmentException("Partition " + p + " of topic '" + topic.name()
                            + "' is assigned to broker " + brokerId + ", which is not alive.");
                }
            }
        }
        return (short) size;
    }

    private CreatableTopicResult success(TopicRecord topic) {
        CreatableTopicResult result = new CreatableTopicResult()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setNumPartitions(topic.partitionCount())
                .setReplicationFactor(topic.replicationFactor());
        for (TopicConfigs.Setting setting : configs.effective(topic.configs()).describe()) {
            result.configs().add(new CreatableTopicConfigs()
                    .setName(setting.name())
                    .setValue(setting.value())
                    .setReadOnly(false)
                    .setConfigSource(ConfigDescriptions.source(setting.source()).id())
                    .setIsSensitive(false));
        }
        return result;
    }

    private static CreatableTopicResult error(String name, ApiError error) {
        return new CreatableTopicResult()
                .setName(name)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message())
                .setNumPartitions(-1)
                .setReplicationFactor((short) -1)
                .setTopicConfigErrorCode(error.error().code());
    }
}
