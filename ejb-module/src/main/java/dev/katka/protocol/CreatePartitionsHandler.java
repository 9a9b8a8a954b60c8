package dev.katka.protocol;

import dev.katka.cluster.ClusterView;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;

/**
 * CreatePartitions: raises topics' partition counts (never lowers them).
 */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequest> {

    private final TopicRegistry topics;
    private final ClusterView cluster;
    private final Executor admin;

    public CreatePartitionsHandler(TopicRegistry topics, ClusterView cluster, Executor admin) {
        this.topics = topics;
        this.cluster = cluster;
        this.admin = admin;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<CreatePartitionsRequest> request) {
        return CompletableFuture.supplyAsync(() -> createAll(request.body()), admin);
    }

    private AbstractResponse createAll(CreatePartitionsRequest request) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        for (CreatePartitionsTopic topic : request.data().topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            try {
                checkAssignments(topic);
                topics.increasePartitions(topics.require(topic.name()), topic.count(), request.data().validateOnly());
            } catch (RuntimeException e) {
                ApiError error = ApiErrors.of(e, "adding partitions to " + topic.name());
                result.setErrorCode(error.error().code()).setErrorMessage(error.message());
            }
            response.results().add(result);
        }
        return new CreatePartitionsResponse(response);
    }

    private void checkAssignments(CreatePartitionsTopic topic) {
        if (topic.assignments() == null) {
            return;
        }
        for (CreatePartitionsAssignment assignment : topic.assignments()) {
            for (int brokerId : assignment.brokerIds()) {
                if (cluster.broker(brokerId).isEmpty()) {
                    throw new InvalidReplicaAssignmentException("New partitions of topic '" + topic.name()
                            + "' are assigned to broker " + brokerId + ", which is not alive.");
                }
            }
        }
    }
}
