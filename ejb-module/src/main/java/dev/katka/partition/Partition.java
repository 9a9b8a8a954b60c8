package dev.katka.partition;

import dev.katka.log.LogAppendResult;
import dev.katka.log.LogConfig;
import dev.katka.log.LogReadResult;
import dev.katka.log.PartitionLog;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * A partition served by this broker: its log, its replica state, and the fetches waiting for it
 * to grow.
 *
 * <p>A broker that runs alone leads every partition with itself as the only in-sync replica, so
 * the high watermark is the log end offset and acks=all is satisfied by the local append.
 *
 * <p>Thread-safe: appends are serialized by the log; reads and waiter registration may happen
 * from any thread at any time.
 */
public final class Partition {

    private final TopicIdPartition id;
    private final int localBrokerId;
    private final PartitionLog log;
    private final Set<Runnable> appendListeners = ConcurrentHashMap.newKeySet();
    private volatile int minInsyncReplicas;

    public Partition(TopicIdPartition id, int localBrokerId, PartitionLog log, int minInsyncReplicas) {
        this.id = id;
        this.localBrokerId = localBrokerId;
        this.log = log;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    public TopicIdPartition id() {
        return id;
    }

    /**
     * Validates and appends a producer's records, as leader.
     *
     * @param requiredAcks the producer's acks: with -1 (all) the in-sync replicas must number at
     *                     least {@code min.insync.replicas}
     * @throws NotEnoughReplicasException when acks=all cannot be satisfied; nothing is appended
     * @throws org.apache.kafka.common.errors.ApiException for records the log refuses
     */
    public LogAppendResult appendAsLeader(MemoryRecords records, short requiredAcks) {
        if (requiredAcks == -1 && inSyncReplicas().size() < minInsyncReplicas) {
            throw new NotEnoughReplicasException("Partition " + id.topicPartition() + " has "
                    + inSyncReplicas().size() + " in-sync replica(s) but min.insync.replicas is "
                    + minInsyncReplicas + ".");
        }
        LogAppendResult result = log.appendAsLeader(records, leaderEpoch());
        if (!result.duplicate()) {
            appendListeners.forEach(Runnable::run);
        }
        return result;
    }

    /**
     * Reads committed records (below the high watermark), whole batches.
     *
     * @see PartitionLog#read
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) {
        return log.read(fetchOffset, maxBytes, highWatermark(), minOneBatch);
    }

    /**
     * Calls the listener after every append until it is removed. Listeners run on the appending
     * thread and must only hand work off (a long-polling fetch schedules itself on its own
     * event loop).
     */
    public void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    /** The offset below which records are committed and visible to consumers. */
    public long highWatermark() {
        return log.logEndOffset();
    }

    /** Without transactions every committed record is stable. */
    public long lastStableOffset() {
        return highWatermark();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public long sizeInBytes() {
        return log.sizeInBytes();
    }

    /** The first committed record at or after a timestamp. */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
        return log.offsetForTimestamp(timestamp).filter(found -> found.offset < highWatermark());
    }

    /** The committed record with the largest timestamp. */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() {
        return log.maxTimestampAndOffset().filter(found -> found.offset < highWatermark());
    }

    public int leaderId() {
        return localBrokerId;
    }

    public int leaderEpoch() {
        return 0;
    }

    public List<Integer> replicas() {
        return List.of(localBrokerId);
    }

    public List<Integer> inSyncReplicas() {
        return List.of(localBrokerId);
    }

    void updateConfig(LogConfig config, int minInsync) {
        log.updateConfig(config);
        this.minInsyncReplicas = minInsync;
    }

    PartitionLog log() {
        return log;
    }
}
