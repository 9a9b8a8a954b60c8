package dev.katka.replication;

import dev.katka.log.LogAppendResult;
import dev.katka.log.PartitionLog;
import org.apache.kafka.common.record.internal.MemoryRecords;

/** TEMPORARY until the log-replication branch lands: leader-only adapter. */
public final class PartitionReplicaLog implements ReplicaLog {
    private final PartitionLog log;

    public PartitionReplicaLog(PartitionLog log) {
        this.log = log;
    }

    public long logStartOffset() { return log.logStartOffset(); }
    public long logEndOffset() { return log.logEndOffset(); }
    public LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) { return log.appendAsLeader(records, leaderEpoch); }
    public void appendAsFollower(MemoryRecords records) { throw new UnsupportedOperationException(); }
    public void truncateTo(long offset) { log.truncateTo(offset); }
    public void truncateFullyAndStartAt(long offset) { log.truncateFullyAndStartAt(offset); }
    public int latestEpoch() { return log.logEndOffset() == 0 ? -1 : 0; }
    public EpochEndOffset endOffsetForEpoch(int epoch) { return new EpochEndOffset(0, log.logEndOffset()); }
}
