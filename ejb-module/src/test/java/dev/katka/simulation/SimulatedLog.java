package dev.katka.simulation;

import dev.katka.log.LogAppendResult;
import dev.katka.replication.ReplicaLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * A replica's log in memory, for the simulation: whole batches with their offsets and leader
 * epochs, as a real log keeps them, without files. It survives a simulated crash of its broker
 * (the page cache survives a process crash; a machine crash is not simulated).
 *
 * <p>Not thread-safe (the simulation is single-threaded).
 */
final class SimulatedLog implements ReplicaLog {

    private final List<MutableRecordBatch> batches = new ArrayList<>();
    /** Every record's value, by offset - logStartOffset: what the invariants compare. */
    private final List<byte[]> values = new ArrayList<>();
    private long logStartOffset;
    private long logEndOffset;

    @Override
    public long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        return logEndOffset;
    }

    @Override
    public LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) {
        long first = logEndOffset;
        int count = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        for (MutableRecordBatch batch : copy(records).batches()) {
            int delta = (int) (batch.lastOffset() - batch.baseOffset());
            int inBatch = delta + 1;
            batch.setLastOffset(logEndOffset + delta);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            add(batch);
            logEndOffset += inBatch;
            count += inBatch;
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
        }
        return new LogAppendResult(first, logEndOffset - 1, RecordBatch.NO_TIMESTAMP, maxTimestamp, logStartOffset,
                count, false);
    }

    @Override
    public void appendAsFollower(MemoryRecords records) {
        for (MutableRecordBatch batch : copy(records).batches()) {
            if (batch.baseOffset() != logEndOffset) {
                throw new IllegalStateException("A follower batch at " + batch.baseOffset() + " does not continue the log at "
                        + logEndOffset);
            }
            add(batch);
            logEndOffset = batch.lastOffset() + 1;
        }
    }

    private void add(MutableRecordBatch batch) {
        batches.add(batch);
        for (Record record : batch) {
            byte[] value = new byte[record.valueSize()];
            record.value().duplicate().get(value);
            values.add(value);
        }
    }

    @Override
    public void truncateTo(long offset) {
        while (!batches.isEmpty() && batches.get(batches.size() - 1).lastOffset() >= offset) {
            MutableRecordBatch removed = batches.remove(batches.size() - 1);
            logEndOffset = removed.baseOffset();
        }
        values.subList((int) (logEndOffset - logStartOffset), values.size()).clear();
    }

    @Override
    public long advanceLogStartOffset(long offset) {
        if (offset > logEndOffset) {
            throw new org.apache.kafka.common.errors.OffsetOutOfRangeException("offset " + offset + " past the log end");
        }
        if (offset > logStartOffset) {
            values.subList(0, (int) (offset - logStartOffset)).clear();
            batches.removeIf(batch -> batch.lastOffset() < offset);
            logStartOffset = offset;
        }
        return logStartOffset;
    }

    @Override
    public void truncateFullyAndStartAt(long offset) {
        batches.clear();
        values.clear();
        logStartOffset = offset;
        logEndOffset = offset;
    }

    @Override
    public int latestEpoch() {
        return batches.isEmpty() ? -1 : batches.get(batches.size() - 1).partitionLeaderEpoch();
    }

    @Override
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        int found = -1;
        for (MutableRecordBatch batch : batches) {
            if (batch.partitionLeaderEpoch() > epoch) {
                return found < 0 ? EpochEndOffset.UNDEFINED : new EpochEndOffset(found, batch.baseOffset());
            }
            found = batch.partitionLeaderEpoch();
        }
        return found < 0 ? EpochEndOffset.UNDEFINED : new EpochEndOffset(found, logEndOffset);
    }

    /** Whole batches from the one holding {@code offset}, at least one, up to about {@code maxBytes}. */
    MemoryRecords read(long offset, int maxBytes) {
        List<MutableRecordBatch> selected = new ArrayList<>();
        int size = 0;
        for (MutableRecordBatch batch : batches.subList(firstBatchEndingAtOrAfter(offset), batches.size())) {
            if (!selected.isEmpty() && size + batch.sizeInBytes() > maxBytes) {
                break;
            }
            selected.add(batch);
            size += batch.sizeInBytes();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (MutableRecordBatch batch : selected) {
            batch.writeTo(buffer);
        }
        buffer.flip();
        return MemoryRecords.readableRecords(buffer);
    }

    private int firstBatchEndingAtOrAfter(long offset) {
        int low = 0;
        int high = batches.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (batches.get(middle).lastOffset() < offset) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The value of the record at {@code offset}, or null when the log does not hold it. */
    byte[] valueAt(long offset) {
        long index = offset - logStartOffset;
        return index >= 0 && index < values.size() ? values.get((int) index) : null;
    }

    private static MemoryRecords copy(MemoryRecords records) {
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate());
        copy.flip();
        return MemoryRecords.readableRecords(copy);
    }
}
