package dev.katka.protocol;

import dev.katka.network.ReceivedRequest;
import dev.katka.partition.Partition;
import dev.katka.partition.PartitionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;

/**
 * DeleteRecords ({@code Admin.deleteRecords}, {@code kafka-delete-records.sh}, a console's
 * "purge"): each partition's leader deletes the records below the offset asked for (-1: the high
 * watermark), and the answer waits until every in-sync replica has deleted them too, up to the
 * request's timeout. Each partition answers with its low watermark or its own error:
 * OFFSET_OUT_OF_RANGE above the high watermark, POLICY_VIOLATION for a topic that is compacted
 * only, INVALID_TOPIC_EXCEPTION for an internal topic, NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT.
 *
 * <p>Deleting writes a checkpoint and renames segment files, so the work runs on the admin
 * executor, off the event loop. Thread-safe.
 */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequest> {

    private final PartitionRegistry partitions;
    private final Executor admin;

    public DeleteRecordsHandler(PartitionRegistry partitions, Executor admin) {
        this.partitions = partitions;
        this.admin = admin;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<DeleteRecordsRequest> request) {
        int timeoutMs = Math.max(0, request.body().data().timeoutMs());
        List<CompletableFuture<DeleteRecordsTopicResult>> topics = new ArrayList<>();
        for (DeleteRecordsTopic topic : request.body().data().topics()) {
            List<CompletableFuture<DeleteRecordsPartitionResult>> results = new ArrayList<>();
            for (DeleteRecordsPartition wanted : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), wanted.partitionIndex());
                results.add(CompletableFuture.supplyAsync(() -> delete(tp, wanted.offset(), timeoutMs), admin)
                        .thenCompose(answer -> answer)
                        .handle((lowWatermark, failure) -> result(tp, lowWatermark, failure)));
            }
            topics.add(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                    .thenApply(done -> topicResult(topic.name(), results)));
        }
        return CompletableFuture.allOf(topics.toArray(CompletableFuture[]::new)).thenApply(done -> {
            DeleteRecordsResponseData response = new DeleteRecordsResponseData();
            topics.forEach(topic -> response.topics().add(topic.join()));
            return new DeleteRecordsResponse(response);
        });
    }

    private CompletionStage<Long> delete(TopicPartition tp, long offset, int timeoutMs) {
        if (Topic.isInternal(tp.topic())) {
            throw new InvalidTopicException("The records of the internal topic " + tp.topic() + " cannot be deleted.");
        }
        Partition partition = partitions.get(tp).orElseThrow(() ->
                new UnknownTopicOrPartitionException("This broker has no partition " + tp + "."));
        return partition.deleteRecordsBefore(offset, timeoutMs);
    }

    private static DeleteRecordsPartitionResult result(TopicPartition tp, Long lowWatermark, Throwable failure) {
        DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult().setPartitionIndex(tp.partition());
        if (failure != null) {
            return result.setLowWatermark(DeleteRecordsResponse.INVALID_LOW_WATERMARK)
                    .setErrorCode(ApiErrors.of(failure, "deleting the records of " + tp).error().code());
        }
        return result.setLowWatermark(lowWatermark);
    }

    private static DeleteRecordsTopicResult topicResult(String name,
                                                        List<CompletableFuture<DeleteRecordsPartitionResult>> results) {
        DeleteRecordsTopicResult topic = new DeleteRecordsTopicResult().setName(name);
        results.forEach(result -> topic.partitions().add(result.join()));
        return topic;
    }
}
