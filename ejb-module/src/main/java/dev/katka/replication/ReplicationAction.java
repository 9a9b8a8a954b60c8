package dev.katka.replication;

import dev.katka.log.LogAppendResult;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;

/** What a replica's state machine asks its driver to do. */
public sealed interface ReplicationAction {

    /** Follower: fetch from the leader from {@code fetchOffset}. */
    record SendFetch(int leader, long fetchOffset, long logStartOffset, int currentLeaderEpoch)
            implements ReplicationAction {
    }

    /** Follower: ask the leader where our last epoch ends in its log, before fetching. */
    record SendOffsetForLeaderEpoch(int leader, int epoch, int currentLeaderEpoch) implements ReplicationAction {
    }

    /** Leader: ask the controller to change the ISR (AlterPartition). */
    record RequestIsrChange(int leaderEpoch, int partitionEpoch, List<Integer> newIsr) implements ReplicationAction {
    }

    /** Leader: answer a producer that waited for acks=all. */
    record CompleteProduce(long requestId, Errors error, LogAppendResult result) implements ReplicationAction {
    }
}
