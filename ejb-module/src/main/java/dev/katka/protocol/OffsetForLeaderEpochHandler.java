package dev.katka.protocol;

import dev.katka.network.ReceivedRequest;
import dev.katka.partition.Partition;
import dev.katka.partition.PartitionRegistry;
import dev.katka.replication.ReplicaLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * OffsetForLeaderEpoch (KIP-101, KIP-320): where a leader epoch ends in the leader's log. A
 * follower asks it of a new leader before fetching, to find where its log parted from the
 * leader's and truncate there; a consumer asks it after a leader change, to check that its
 * position still exists.
 *
 * <p>Answered only by the partition's leader, from its leader-epoch cache; a follower's answer
 * could be behind.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetsForLeaderEpochRequest> {

    private final PartitionRegistry partitions;

    public OffsetForLeaderEpochHandler(PartitionRegistry partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<OffsetsForLeaderEpochRequest> request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic topic : request.body().data().topics()) {
            OffsetForLeaderTopicResult result = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderPartition wanted : topic.partitions()) {
                result.partitions().add(endOffset(new TopicPartition(topic.topic(), wanted.partition()), wanted));
            }
            response.topics().add(result);
        }
        return CompletableFuture.completedFuture(new OffsetsForLeaderEpochResponse(response));
    }

    private EpochEndOffset endOffset(TopicPartition tp, OffsetForLeaderPartition wanted) {
        EpochEndOffset result = new EpochEndOffset()
                .setPartition(tp.partition())
                .setLeaderEpoch(-1)
                .setEndOffset(-1);
        try {
            Partition partition = partitions.get(tp).orElseThrow(() ->
                    new UnknownTopicOrPartitionException("This broker holds no replica of " + tp + "."));
            ReplicaLog.EpochEndOffset found =
                    partition.endOffsetForEpoch(wanted.leaderEpoch(), wanted.currentLeaderEpoch());
            return result.setLeaderEpoch(found.epoch()).setEndOffset(found.endOffset());
        } catch (RuntimeException e) {
            ApiError error = ApiErrors.of(e, "answering OffsetForLeaderEpoch for " + tp);
            return result.setErrorCode(error.error().code());
        }
    }
}
