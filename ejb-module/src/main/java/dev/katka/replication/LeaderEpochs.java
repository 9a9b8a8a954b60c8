package dev.katka.replication;

import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;

/**
 * The leader-epoch check of Fetch, ListOffsets and OffsetForLeaderEpoch (KIP-320): a client or
 * follower that names the leader epoch it believes in is told when it is behind
 * (FENCED_LEADER_EPOCH: refresh metadata) or ahead (UNKNOWN_LEADER_EPOCH: this broker has not
 * caught up yet).
 */
public final class LeaderEpochs {

    /** What clients send when they do not know the epoch. */
    public static final int UNKNOWN = -1;

    private LeaderEpochs() {
    }

    /**
     * @param requested the epoch the request names, or {@link #UNKNOWN}
     * @param current   the partition's leader epoch on this broker
     * @param partition names the partition in the error message
     */
    public static void check(int requested, int current, Object partition) {
        if (requested == UNKNOWN) {
            return;
        }
        if (requested < current) {
            throw new FencedLeaderEpochException("Leader epoch " + requested + " of " + partition
                    + " is older than the current " + current + ".");
        }
        if (requested > current) {
            throw new UnknownLeaderEpochException("Leader epoch " + requested + " of " + partition
                    + " is newer than this broker's " + current + ".");
        }
    }
}
