package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A segment's sparse offset index, file {@code <base offset>.index}: entries of 8 bytes,
 * <pre>
 *   relative offset  int32   offset of the first record of a batch, minus the segment's base offset
 *   position         int32   byte position of that batch in the segment's .log file
 * </pre>
 * ascending in both fields. One entry is written per {@code index.interval.bytes} of log, so a
 * lookup lands at most that many bytes before the batch sought and the rest is a short scan.
 *
 * <p>Thread-safety as {@link IndexFile}: {@link #append} under the log's lock, {@link #lookup}
 * lock-free.
 */
final class OffsetIndex extends IndexFile {

    static final int ENTRY_SIZE = 8;

    OffsetIndex(Path file, long baseOffset, int maxIndexBytes, boolean writable) throws IOException {
        super(file, baseOffset, ENTRY_SIZE, maxIndexBytes, writable);
    }

    /** Records that the batch starting at {@code offset} sits at {@code position}. */
    void append(long offset, int position) {
        int count = entries();
        if (count > 0 && offset <= lastOffset()) {
            throw new IllegalArgumentException("offset " + offset + " is not after the last indexed offset "
                    + lastOffset() + " in " + file());
        }
        int at = nextEntryPosition();
        buffer().putInt(at, relative(offset));
        buffer().putInt(at + 4, position);
        publishEntry();
    }

    /**
     * The position of the last indexed batch starting at or before {@code offset}: a scan from
     * there finds the batch containing it. 0 when no entry is that small. Lock-free.
     */
    int lookup(long offset) {
        long relative = offset - baseOffset();
        if (relative < 0) {
            return 0;
        }
        int slot = lastSlotAtMost(Math.min(relative, Integer.MAX_VALUE));
        return slot < 0 ? 0 : buffer().getInt(slot * ENTRY_SIZE + 4);
    }

    /** The last indexed offset, or the base offset when the index is empty. */
    long lastOffset() {
        int count = entries();
        return count == 0 ? baseOffset() : baseOffset() + buffer().getInt((count - 1) * ENTRY_SIZE);
    }

    /** The offset of entry {@code slot}. */
    long offsetAt(int slot) {
        return baseOffset() + buffer().getInt(slot * ENTRY_SIZE);
    }

    /** The position of entry {@code slot}. */
    int positionAt(int slot) {
        return buffer().getInt(slot * ENTRY_SIZE + 4);
    }

    /** Drops the entries for offsets at or above {@code offset}. */
    void truncateTo(long offset) {
        long relative = offset - baseOffset();
        truncateToEntries(relative <= 0 ? 0 : lastSlotAtMost(Math.min(relative - 1, Integer.MAX_VALUE)) + 1);
    }

    @Override
    protected long keyAt(ByteBuffer buffer, int slot) {
        return buffer.getInt(slot * ENTRY_SIZE);
    }

    /**
     * Whether the index can be trusted for a log file of {@code logSizeInBytes}: whole entries,
     * the first and last in order and the last inside the file. Constant time, like Kafka's
     * sanity check: reading every entry would page in every index of the broker at start-up.
     * The caller also checks that the last entry names the batch at its position.
     */
    boolean isConsistent(int logSizeInBytes) {
        int count = entries();
        if (!hasWholeEntries()) {
            return false;
        }
        if (count == 0) {
            return true;
        }
        int last = count - 1;
        boolean ordered = count == 1 || (offsetAt(0) < offsetAt(last) && positionAt(0) < positionAt(last));
        return ordered && offsetAt(0) >= baseOffset() && positionAt(0) >= 0 && positionAt(last) < logSizeInBytes;
    }
}
