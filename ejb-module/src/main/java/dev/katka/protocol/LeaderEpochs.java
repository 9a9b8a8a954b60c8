package dev.katka.protocol;

import dev.katka.partition.Partition;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;

/**
 * The leader-epoch check of Fetch and ListOffsets (KIP-320): a client that names the leader
 * epoch it believes in is told when it is behind (FENCED_LEADER_EPOCH: refresh metadata) or
 * ahead (UNKNOWN_LEADER_EPOCH: this broker has not caught up yet).
 */
final class LeaderEpochs {

    /** What clients send when they do not know the epoch. */
    static final int UNKNOWN = -1;

    private LeaderEpochs() {
    }

    static void check(Partition partition, int clientEpoch) {
        if (clientEpoch == UNKNOWN) {
            return;
        }
        int epoch = partition.leaderEpoch();
        if (clientEpoch < epoch) {
            throw new FencedLeaderEpochException("Leader epoch " + clientEpoch + " of "
                    + partition.id().topicPartition() + " is older than the current " + epoch + ".");
        }
        if (clientEpoch > epoch) {
            throw new UnknownLeaderEpochException("Leader epoch " + clientEpoch + " of "
                    + partition.id().topicPartition() + " is newer than this broker's " + epoch + ".");
        }
    }
}
