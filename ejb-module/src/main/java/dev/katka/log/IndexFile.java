package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * What the offset and time indexes share: a file of fixed-size entries, sorted by a key,
 * memory-mapped, searched by bisection.
 *
 * <p><b>Why mmap and preallocation</b> (as Kafka does): an index is read on every fetch, by
 * bisection, and a 1 GiB segment has about 260,000 entries. Mapped, a lookup is a handful of
 * memory reads that the page cache serves; through a channel it would be a system call per probe,
 * and on the heap every segment of every partition would pin megabytes. The writable (active)
 * index is mapped at its maximum size up front so appends never remap; the file is sparse until
 * written, and {@link #trim()} cuts it to the entries actually written when the segment rolls or
 * the log closes, so an index on disk is exactly its entries. After a crash the preallocated tail
 * is zeros; recovery rebuilds the index of every segment it rescans, and the subclasses'
 * constant-time {@code isConsistent} checks send a damaged sealed index to be rebuilt too.
 *
 * <p>Mappings are never unmapped explicitly: the JDK has no safe way to do that while another
 * thread may still read the buffer (it would crash the JVM), so a mapping lives until the garbage
 * collector drops the last reader's reference. Deleted index files therefore keep their disk
 * space until then; they are small.
 *
 * <p><b>Thread-safety:</b> one writer at a time (the log's lock) for {@link #publishEntry},
 * truncation, {@link #trim()}, {@link #makeWritable}, rename and delete; lookups are lock-free and
 * may run concurrently with appends. A writer fills an entry's bytes and then publishes it by a
 * volatile write of the entry count, and readers read the count first, so a reader never sees a
 * half-written entry. Readers racing a truncation may see entries that are being removed, which
 * the callers tolerate (the log file is the truth; an index only says where to start scanning).
 */
abstract class IndexFile {

    private final long baseOffset;
    private final int entrySize;
    private volatile Path file;
    private volatile MappedByteBuffer buffer;
    private volatile int entries;
    /** Whether the file held whole entries when opened; a torn index does not. */
    private final boolean wholeEntries;

    /**
     * Maps {@code file}, creating it if missing. A writable index is mapped at
     * {@code maxIndexBytes} (rounded down to whole entries) so it can grow; a read-only one at its
     * length. Existing content counts as entries; callers that do not trust it call
     * {@link #reset()} or check the subclass's {@code isConsistent}.
     */
    IndexFile(Path file, long baseOffset, int entrySize, int maxIndexBytes, boolean writable) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            long length = channel.size();
            this.entries = (int) Math.min(length / entrySize, Integer.MAX_VALUE / entrySize);
            this.wholeEntries = length % entrySize == 0;
        }
        map(writable ? maxIndexBytes : 0);
    }

    /** Maps the file with room for at least {@code maxIndexBytes} and for every current entry. */
    private void map(int maxIndexBytes) throws IOException {
        long capacity = Math.max(roundDownToEntries(maxIndexBytes), (long) entries * entrySize);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() > capacity) {
                channel.truncate(capacity);
            }
            buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
        }
    }

    private long roundDownToEntries(int bytes) {
        return Math.max(0, bytes) / entrySize * (long) entrySize;
    }

    long baseOffset() {
        return baseOffset;
    }

    Path file() {
        return file;
    }

    int entries() {
        return entries;
    }

    boolean isFull() {
        return entries >= buffer.capacity() / entrySize;
    }

    protected boolean hasWholeEntries() {
        return wholeEntries;
    }

    /** Size of the file once trimmed. */
    int sizeInBytes() {
        return entries * entrySize;
    }

    /** The buffer readers use; read {@link #entries()} before calling this. */
    protected ByteBuffer buffer() {
        return buffer;
    }

    protected int entrySize() {
        return entrySize;
    }

    /** Where the next entry's bytes go; fill them, then {@link #publishEntry()}. */
    protected int nextEntryPosition() {
        if (isFull()) {
            throw new IllegalStateException("index " + file + " is full (" + entries + " entries)");
        }
        return entries * entrySize;
    }

    protected void publishEntry() {
        entries = entries + 1;
    }

    protected void truncateToEntries(int count) {
        entries = Math.min(entries, Math.max(0, count));
    }

    /** Offsets in the index are relative to the segment's base, in 32 bits. */
    protected int relative(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit index " + file);
        }
        return (int) relative;
    }

    /** The key entry {@code slot} is sorted by. */
    protected abstract long keyAt(ByteBuffer buffer, int slot);

    /**
     * The last slot whose key is at most {@code key}, or -1 when the first entry's key is larger
     * (or there are none). Lock-free.
     */
    protected int lastSlotAtMost(long key) {
        int count = entries;
        ByteBuffer view = buffer;
        int low = 0;
        int high = count - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (keyAt(view, middle) <= key) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /** Forgets every entry (the segment is being rescanned). */
    void reset() {
        entries = 0;
    }

    /** Cuts the file to the entries written; the index stays readable but is full until {@link #makeWritable}. */
    void trim() throws IOException {
        map(0);
    }

    /** Gives a trimmed index room to grow again, when its segment becomes the active one. */
    void makeWritable(int maxIndexBytes) throws IOException {
        map(maxIndexBytes);
    }

    void flush() {
        buffer.force();
    }

    /**
     * Renames the file; a file already at {@code target} is replaced: it belongs to an earlier
     * segment with the same base offset that is waiting for deletion too.
     */
    void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        file = target;
    }

    void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + file + ", entries=" + entries + ")";
    }
}
