package dev.katka.replication;

import dev.katka.log.LogAppendResult;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * The log of one replica, as replication uses it: calls that return at once with a result and
 * leave no work behind (so a replica's state machine may call them and stay deterministic).
 * {@code PartitionLog} in the broker; an in-memory log in the simulation.
 */
public interface ReplicaLog {

    long logStartOffset();

    /** The offset the next record will get. */
    long logEndOffset();

    /** Validates and appends a producer's batches, assigning offsets and the leader epoch. */
    LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch);

    /**
     * Appends the leader's batches as they are (offsets and epochs kept); they must start at
     * {@link #logEndOffset()}.
     */
    void appendAsFollower(MemoryRecords records);

    /** Drops every record at or after {@code offset} (no-op when it is at or past the end). */
    void truncateTo(long offset);

    /**
     * Deletes the records below {@code offset} (DeleteRecords, or a follower following its
     * leader's log start); no-op when the log already starts there or later.
     *
     * @return the log start offset afterwards
     * @throws org.apache.kafka.common.errors.OffsetOutOfRangeException when {@code offset} is past the log end
     */
    long advanceLogStartOffset(long offset);

    /** Drops everything and starts empty at {@code offset} (the leader's log start moved past ours). */
    void truncateFullyAndStartAt(long offset);

    /** The leader epoch of the last batch, or -1 for an empty log. */
    int latestEpoch();

    /**
     * OffsetForLeaderEpoch: the largest epoch at or below {@code epoch} that this log holds and
     * the offset where the epoch after it starts (the log end offset if it is the latest); or
     * {@link EpochEndOffset#UNDEFINED} when the log holds nothing of that epoch or earlier.
     */
    EpochEndOffset endOffsetForEpoch(int epoch);

    /** An answer to OffsetForLeaderEpoch. */
    record EpochEndOffset(int epoch, long endOffset) {
        public static final EpochEndOffset UNDEFINED = new EpochEndOffset(-1, -1);

        public boolean isDefined() {
            return epoch >= 0;
        }
    }
}
