package dev.katka.protocol;

import dev.katka.network.ReceivedRequest;
import dev.katka.partition.Partition;
import dev.katka.partition.PartitionRegistry;
import dev.katka.replication.LeaderEpochs;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * ListOffsets: the earliest offset, the latest (the high watermark), the offset of the largest
 * timestamp, or the first offset at or after a timestamp, per partition.
 *
 * <p>Without tiered storage the earliest local offset is the earliest offset, and no offset is
 * tiered.
 */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequest> {

    /** The first version whose response carries the leader epoch. */
    private static final short LEADER_EPOCH_VERSION = 4;

    private final PartitionRegistry partitions;

    public ListOffsetsHandler(PartitionRegistry partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<ListOffsetsRequest> request) {
        ListOffsetsRequest body = request.body();
        Set<TopicPartition> duplicates = body.duplicatePartitions();
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsTopic topic : body.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsPartition wanted : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), wanted.partitionIndex());
                topicResponse.partitions().add(list(tp, wanted, duplicates.contains(tp), request.apiVersion()));
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponse(response));
    }

    private ListOffsetsPartitionResponse list(TopicPartition tp, ListOffsetsPartition wanted, boolean duplicate,
                                              short version) {
        ListOffsetsPartitionResponse result = new ListOffsetsPartitionResponse()
                .setPartitionIndex(wanted.partitionIndex())
                .setTimestamp(ListOffsetsResponse.UNKNOWN_TIMESTAMP)
                .setOffset(ListOffsetsResponse.UNKNOWN_OFFSET)
                .setLeaderEpoch(ListOffsetsResponse.UNKNOWN_EPOCH);
        try {
            if (duplicate) {
                throw new InvalidRequestException("Partition " + tp + " appears more than once in the request.");
            }
            Partition partition = partitions.get(tp).orElseThrow(() ->
                    new UnknownTopicOrPartitionException("This broker has no partition " + tp + "."));
            LeaderEpochs.check(wanted.currentLeaderEpoch(), partition.leaderEpoch(),
                    partition.id().topicPartition());
            Optional<TimestampAndOffset> found = find(partition, wanted.timestamp());
            found.ifPresent(f -> {
                result.setTimestamp(f.timestamp).setOffset(f.offset);
                if (version >= LEADER_EPOCH_VERSION) {
                    result.setLeaderEpoch(f.leaderEpoch.orElse(partition.leaderEpoch()));
                }
            });
            return result;
        } catch (RuntimeException e) {
            ApiError error = ApiErrors.of(e, "listing offsets of " + tp);
            return result.setErrorCode(error.error().code());
        }
    }

    private static Optional<TimestampAndOffset> find(Partition partition, long timestamp) {
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(ListOffsetsResponse.UNKNOWN_TIMESTAMP, partition.logStartOffset(), Optional.empty()));
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(ListOffsetsResponse.UNKNOWN_TIMESTAMP, partition.highWatermark(), Optional.empty()));
        }
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return partition.maxTimestampAndOffset();
        }
        if (timestamp < 0) {
            // LATEST_TIERED, EARLIEST_PENDING_UPLOAD: nothing is tiered.
            return Optional.empty();
        }
        return partition.offsetForTimestamp(timestamp);
    }
}
