package dev.katka.protocol;

import dev.katka.controller.ControllerChannel;
import dev.katka.controller.ControllerEvent;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsResponse;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterPartitionReassignments, on the controller: starts, replaces or (replicas null) cancels the
 * reassignment of each partition, one controller request per partition, each with its own answer
 * (UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT, NO_REASSIGNMENT_IN_PROGRESS, ...). The
 * answer says the reassignment is under way, not that it is done:
 * ListPartitionReassignments shows it until the new replicas are in sync and the old ones gone.
 *
 * <p>Thread-safe; does not block (the controller answers asynchronously).
 */
public final class AlterPartitionReassignmentsHandler implements ApiHandler<AlterPartitionReassignmentsRequest> {

    private final TopicRegistry topics;
    private final ControllerChannel controller;

    public AlterPartitionReassignmentsHandler(TopicRegistry topics, ControllerChannel controller) {
        this.topics = topics;
        this.controller = controller;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<AlterPartitionReassignmentsRequest> request) {
        AlterPartitionReassignmentsRequestData data = request.body().data();
        List<CompletableFuture<ReassignableTopicResponse>> answers = new ArrayList<>();
        for (ReassignableTopic topic : data.topics()) {
            Optional<TopicRecord> known = topics.get(topic.name());
            List<CompletableFuture<ReassignablePartitionResponse>> partitions = new ArrayList<>();
            for (ReassignablePartition partition : topic.partitions()) {
                partitions.add(known.isEmpty()
                        ? CompletableFuture.completedFuture(answer(partition, new ApiError(
                                Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic.name() + "' does not exist.")))
                        : reassign(known.get(), partition, data.allowReplicationFactorChange()));
            }
            answers.add(CompletableFuture.allOf(partitions.toArray(CompletableFuture[]::new)).thenApply(done ->
                    new ReassignableTopicResponse().setName(topic.name())
                            .setPartitions(partitions.stream().map(CompletableFuture::join).toList())));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done ->
                new AlterPartitionReassignmentsResponse(new AlterPartitionReassignmentsResponseData()
                        .setAllowReplicationFactorChange(data.allowReplicationFactorChange())
                        .setResponses(answers.stream().map(CompletableFuture::join).toList())));
    }

    private CompletableFuture<ReassignablePartitionResponse> reassign(TopicRecord topic, ReassignablePartition partition,
                                                                      boolean allowReplicationFactorChange) {
        return controller.submit(id -> new ControllerEvent.Reassign(id, topic.id(), partition.partitionIndex(),
                        partition.replicas(), allowReplicationFactorChange))
                .toCompletableFuture()
                .handle((reply, failure) -> answer(partition, failure != null
                        ? ApiErrors.of(failure, "reassigning " + topic.name() + "-" + partition.partitionIndex())
                        : new ApiError(reply.error(), reply.message())));
    }

    private static ReassignablePartitionResponse answer(ReassignablePartition partition, ApiError error) {
        return new ReassignablePartitionResponse().setPartitionIndex(partition.partitionIndex())
                .setErrorCode(error.error().code()).setErrorMessage(error.error() == Errors.NONE ? null : error.message());
    }
}
