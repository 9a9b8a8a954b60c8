package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * A segment's time index, file {@code <base offset>.timeindex}: entries of 12 bytes,
 * <pre>
 *   timestamp        int64   the largest timestamp in the segment up to and including ...
 *   relative offset  int32   ... the batch whose last offset this is (minus the segment's base offset)
 * </pre>
 * Timestamps strictly ascend (an entry is added only when the segment's largest timestamp
 * grew), offsets never descend. Entries are added at the same cadence as offset index entries,
 * plus one when the segment stops being active, so the last entry always holds the segment's
 * largest timestamp, which retention and ListOffsets(MAX_TIMESTAMP) need without a scan.
 *
 * <p>Thread-safety as {@link IndexFile}: {@link #maybeAppend} under the log's lock, lookups
 * lock-free.
 */
final class TimeIndex extends IndexFile {

    static final int ENTRY_SIZE = 12;

    TimeIndex(Path file, long baseOffset, int maxIndexBytes, boolean writable) throws IOException {
        super(file, baseOffset, ENTRY_SIZE, maxIndexBytes, writable);
    }

    /**
     * Adds an entry if {@code timestamp} is larger than the last one. A full index keeps its last
     * entry (the segment is about to roll anyway).
     */
    void maybeAppend(long timestamp, long offset) {
        if ((entries() > 0 && timestamp <= lastTimestamp()) || isFull()) {
            return;
        }
        int at = nextEntryPosition();
        buffer().putLong(at, timestamp);
        buffer().putInt(at + 8, relative(offset));
        publishEntry();
    }

    /**
     * The offset from which to scan for the first record with a timestamp at or above
     * {@code timestamp}: every record before that offset's batch is older. The base offset when no
     * entry is that old. Lock-free.
     */
    long lookup(long timestamp) {
        int slot = lastSlotAtMost(timestamp);
        return slot < 0 ? baseOffset() : offsetAt(slot);
    }

    /** The segment's largest timestamp as far as indexed, or {@link RecordBatch#NO_TIMESTAMP}. */
    long lastTimestamp() {
        int count = entries();
        return count == 0 ? RecordBatch.NO_TIMESTAMP : buffer().getLong((count - 1) * ENTRY_SIZE);
    }

    /** The offset that goes with {@link #lastTimestamp()}, or -1. */
    long lastOffset() {
        int count = entries();
        return count == 0 ? -1 : offsetAt(count - 1);
    }

    long timestampAt(int slot) {
        return buffer().getLong(slot * ENTRY_SIZE);
    }

    long offsetAt(int slot) {
        return baseOffset() + buffer().getInt(slot * ENTRY_SIZE + 8);
    }

    /** Drops the entries for offsets at or above {@code offset}. Rare (truncation), so linear. */
    void truncateTo(long offset) {
        int keep = entries();
        while (keep > 0 && offsetAt(keep - 1) >= offset) {
            keep--;
        }
        truncateToEntries(keep);
    }

    @Override
    protected long keyAt(ByteBuffer buffer, int slot) {
        return buffer.getLong(slot * ENTRY_SIZE);
    }

    /**
     * Whether the index can be trusted for a segment ending at {@code logEndOffset}: whole
     * entries, the first and last in order, the last before the log end. Constant time, as
     * {@link OffsetIndex#isConsistent}.
     */
    boolean isConsistent(long logEndOffset) {
        int count = entries();
        if (!hasWholeEntries()) {
            return false;
        }
        if (count == 0) {
            return true;
        }
        int last = count - 1;
        boolean ordered = count == 1 || (timestampAt(0) < timestampAt(last) && offsetAt(0) <= offsetAt(last));
        return ordered && offsetAt(0) >= baseOffset() && offsetAt(last) < logEndOffset;
    }
}
