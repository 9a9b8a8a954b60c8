package dev.katka.replication;

import dev.katka.log.EpochEnd;
import dev.katka.log.LogAppendResult;
import dev.katka.log.PartitionLog;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A replica's log on the broker: {@link ReplicaLog} over the partition's {@link PartitionLog}.
 * An adapter, so that the log package knows nothing of replication; every call goes straight to
 * the log and returns when the change is in the page cache (fsynced only when the log's flush
 * policy says so), which is what {@link ReplicaLog} asks.
 *
 * <p>Thread-safe as {@link PartitionLog} is; the replica's state machine calls it from one thread.
 */
public final class PartitionReplicaLog implements ReplicaLog {

    private final PartitionLog log;

    public PartitionReplicaLog(PartitionLog log) {
        this.log = log;
    }

    /** The log underneath, for what replication does not do: reads, maintenance, closing. */
    public PartitionLog log() {
        return log;
    }

    @Override
    public long logStartOffset() {
        return log.logStartOffset();
    }

    @Override
    public long logEndOffset() {
        return log.logEndOffset();
    }

    /** @see PartitionLog#appendAsLeader */
    @Override
    public LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) {
        return log.appendAsLeader(records, leaderEpoch);
    }

    /** @see PartitionLog#appendAsFollower */
    @Override
    public void appendAsFollower(MemoryRecords records) {
        log.appendAsFollower(records);
    }

    @Override
    public void truncateTo(long offset) {
        log.truncateTo(offset);
    }

    /** @see PartitionLog#advanceLogStartOffset */
    @Override
    public long advanceLogStartOffset(long offset) {
        return log.advanceLogStartOffset(offset);
    }

    @Override
    public void truncateFullyAndStartAt(long offset) {
        log.truncateFullyAndStartAt(offset);
    }

    @Override
    public int latestEpoch() {
        return log.latestEpoch();
    }

    @Override
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        EpochEnd end = log.endOffsetForEpoch(epoch);
        return end.isDefined() ? new EpochEndOffset(end.epoch(), end.endOffset()) : EpochEndOffset.UNDEFINED;
    }

    @Override
    public String toString() {
        return "PartitionReplicaLog(" + log + ")";
    }
}
