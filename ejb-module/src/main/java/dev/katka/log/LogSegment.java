package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.Utils;

/**
 * One segment of a partition log: the batches from {@code baseOffset} up to the next segment's
 * base offset, in three files of the partition directory:
 * <pre>
 *   &lt;base offset, 20 digits&gt;.log        record batches (magic v2) exactly as validated, offsets
 *                                        assigned, or as copied from the leader; batch offsets
 *                                        ascend, the first at or after the base offset; a leader
 *                                        writes them dense, a compacted leader's may have gaps
 *   &lt;base offset&gt;.index                  {@link OffsetIndex}, one entry per index.interval.bytes
 *   &lt;base offset&gt;.timeindex              {@link TimeIndex}
 * </pre>
 * The {@code .log} file is the truth; both indexes can be rebuilt from it by {@link #recover}.
 *
 * <p><b>Thread-safety:</b> methods that change the segment ({@link #append}, {@link #recover},
 * {@link #truncateTo}, {@link #onBecomeInactive}, {@link #makeActive}, rename, close, delete) are
 * called by one thread at a time, under the owning log's lock. {@link #read}, {@link #translateOffset},
 * {@link #findOffsetByTimestamp}, {@link #maxTimestamp()}, {@link #sizeInBytes()} and
 * {@link #flush()} are lock-free and safe concurrently with appends: the file's size is published
 * only after the bytes are written, index entries only after the batch they point to.
 */
final class LogSegment {

    private static final int CHECKSUM_CHUNK_BYTES = 64 * 1024;
    /** The CRC32C of a v2 batch covers everything after the CRC field: attributes to the last record. */
    private static final int CHECKSUMMED_FROM = DefaultRecordBatch.CRC_OFFSET + 4;

    private final long baseOffset;
    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    /** Whether an index file was missing when the segment was opened: then it must be rebuilt. */
    private final boolean indexMissing;

    /** Guarded by the log's lock. */
    private int bytesSinceLastIndexEntry;
    /** The first batch's timestamp, which age-based rolling measures from; guarded by the log's lock. */
    private long rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;

    private volatile long maxTimestamp;
    private volatile long offsetOfMaxTimestamp;

    private LogSegment(long baseOffset, FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex,
                       boolean indexMissing) {
        this.baseOffset = baseOffset;
        this.indexMissing = indexMissing;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.maxTimestamp = timeIndex.lastTimestamp();
        this.offsetOfMaxTimestamp = timeIndex.lastOffset();
    }

    /**
     * Opens the segment's files, creating them when missing. The active segment's indexes are
     * mapped with room to grow; the others at their size. Nothing is checked here: see
     * {@link #hasConsistentIndexes()} and {@link #recover}.
     */
    static LogSegment open(PartitionDirectory dir, long baseOffset, int maxIndexBytes, boolean active,
                           RecordFileOpener opener) throws IOException {
        boolean indexMissing = !Files.exists(dir.offsetIndexFile(baseOffset)) || !Files.exists(dir.timeIndexFile(baseOffset));
        return open(dir.logFile(baseOffset), dir.offsetIndexFile(baseOffset), dir.timeIndexFile(baseOffset), baseOffset,
                maxIndexBytes, active, indexMissing, opener);
    }

    /**
     * Creates the segment a cleaning writes: the files of the segment at {@code baseOffset} with
     * the suffix {@code .cleaned}, emptied first (a failed cleaning may have left some), indexes
     * writable. {@link SegmentSwap} gives them their final names.
     */
    static LogSegment openCleaned(PartitionDirectory dir, long baseOffset, int maxIndexBytes, RecordFileOpener opener)
            throws IOException {
        Path log = PartitionDirectory.cleaned(dir.logFile(baseOffset));
        Path offsetIndex = PartitionDirectory.cleaned(dir.offsetIndexFile(baseOffset));
        Path timeIndex = PartitionDirectory.cleaned(dir.timeIndexFile(baseOffset));
        for (Path file : List.of(log, offsetIndex, timeIndex)) {
            Files.deleteIfExists(file);
        }
        // Its indexes are written with its batches, so they are not missing.
        return open(log, offsetIndex, timeIndex, baseOffset, maxIndexBytes, true, false, opener);
    }

    private static LogSegment open(Path logFile, Path offsetIndexFile, Path timeIndexFile, long baseOffset,
                                   int maxIndexBytes, boolean active, boolean indexMissing, RecordFileOpener opener)
            throws IOException {
        FileRecords log = opener.open(logFile.toFile());
        try {
            OffsetIndex offsetIndex = new OffsetIndex(offsetIndexFile, baseOffset, maxIndexBytes, active);
            TimeIndex timeIndex = new TimeIndex(timeIndexFile, baseOffset, maxIndexBytes, active);
            return new LogSegment(baseOffset, log, offsetIndex, timeIndex, indexMissing);
        } catch (IOException | RuntimeException e) {
            Utils.closeQuietly(log, "segment file " + log.file());
            throw e;
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    int sizeInBytes() {
        return log.sizeInBytes();
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    /** The file's batches, for scans by the log (producer state replay). */
    FileRecords records() {
        return log;
    }

    /** The largest timestamp of the segment, or {@link RecordBatch#NO_TIMESTAMP} when empty. */
    long maxTimestamp() {
        return maxTimestamp;
    }

    /** The last offset of the batch holding {@link #maxTimestamp()}, or -1. */
    long offsetOfMaxTimestamp() {
        return offsetOfMaxTimestamp;
    }

    /** The age retention judges the segment by: its newest record, or the file's mtime if it has no timestamps. */
    long newestTimestampForRetention() throws IOException {
        long newest = maxTimestamp;
        return newest != RecordBatch.NO_TIMESTAMP ? newest : Files.getLastModifiedTime(log.file().toPath()).toMillis();
    }

    // ---------------------------------------------------------------- writing

    /**
     * Appends batches that are already validated and carry their final offsets, then indexes
     * them. If the write fails nothing is indexed and the caller must {@link #truncateToSize} the
     * file back to its former size.
     */
    void append(MemoryRecords records, int indexIntervalBytes) throws IOException {
        int position = log.sizeInBytes();
        boolean wasEmpty = position == 0;
        log.append(records);
        for (MutableRecordBatch batch : records.batches()) {
            if (wasEmpty) {
                rollingBasedTimestamp = batch.maxTimestamp();
                wasEmpty = false;
            }
            index(batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), position, batch.sizeInBytes(),
                    indexIntervalBytes);
            position += batch.sizeInBytes();
        }
    }

    private void index(long firstOffset, long lastOffset, long batchMaxTimestamp, int position, int size,
                       int indexIntervalBytes) {
        if (batchMaxTimestamp > maxTimestamp) {
            offsetOfMaxTimestamp = lastOffset;
            maxTimestamp = batchMaxTimestamp;
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes && !offsetIndex.isFull()) {
            offsetIndex.append(firstOffset, position);
            timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += size;
    }

    /** Undoes a failed append: cuts the file back to {@code size} bytes. */
    void truncateToSize(int size) throws IOException {
        log.truncateTo(size);
    }

    /**
     * Whether appending {@code incomingBytes} whose largest timestamp is {@code incomingMaxTimestamp}
     * and last offset {@code incomingLastOffset} must go to a new segment. An empty segment never
     * rolls.
     */
    boolean shouldRoll(LogConfig config, int incomingBytes, long incomingMaxTimestamp, long incomingLastOffset)
            throws IOException {
        if (log.sizeInBytes() == 0) {
            return false;
        }
        return log.sizeInBytes() > config.segmentBytes() - incomingBytes
                || offsetIndex.isFull()
                || timeIndex.isFull()
                || incomingLastOffset - baseOffset > Integer.MAX_VALUE
                || isOlderThan(config.rollMs(), incomingMaxTimestamp);
    }

    /**
     * Whether the first batch is more than {@code ageMs} older than {@code now}. Like Kafka, age is
     * measured on record timestamps (the first batch's against the incoming one's) when appending,
     * and against the broker's clock by maintenance.
     */
    boolean isOlderThan(long ageMs, long now) throws IOException {
        if (log.sizeInBytes() == 0) {
            return false;
        }
        if (rollingBasedTimestamp == RecordBatch.NO_TIMESTAMP) {
            rollingBasedTimestamp = firstBatchMaxTimestamp();
        }
        return rollingBasedTimestamp != RecordBatch.NO_TIMESTAMP && now - rollingBasedTimestamp > ageMs;
    }

    /** The first batch's largest timestamp, or {@link RecordBatch#NO_TIMESTAMP}: how long the segment has been dirty. */
    long firstBatchMaxTimestamp() {
        Iterator<FileChannelRecordBatch> batches = log.batches().iterator();
        return batches.hasNext() ? batches.next().maxTimestamp() : RecordBatch.NO_TIMESTAMP;
    }

    /** Seals the segment when a newer one takes over or the log closes: final time entry, trimmed indexes. */
    void onBecomeInactive() throws IOException {
        if (maxTimestamp != RecordBatch.NO_TIMESTAMP) {
            timeIndex.maybeAppend(maxTimestamp, offsetOfMaxTimestamp);
        }
        offsetIndex.trim();
        timeIndex.trim();
    }

    /** Lets the indexes grow again: this segment is (again) the one appended to. */
    void makeActive(int maxIndexBytes) throws IOException {
        offsetIndex.makeWritable(maxIndexBytes);
        timeIndex.makeWritable(maxIndexBytes);
    }

    /** Forces the file and indexes to disk. Safe concurrently with appends. */
    void flush() throws IOException {
        log.flush();
        offsetIndex.flush();
        timeIndex.flush();
    }

    // ---------------------------------------------------------------- reading

    /**
     * The batch containing {@code offset}, or the first one after it; {@code null} when the
     * segment holds nothing at or after it. Lock-free.
     */
    LogOffsetPosition translateOffset(long offset) {
        return log.searchForOffsetFromPosition(offset, offsetIndex.lookup(offset));
    }

    /**
     * Whole batches starting with the one that contains {@code startOffset}, ending before
     * {@code maxPosition} (what is published as written) and before the first batch that reaches
     * {@code maxOffsetExclusive}, at most {@code maxBytes} of them unless {@code minOneBatch} and the
     * first is larger. {@code maxOffsetExclusive} is {@link Long#MAX_VALUE} when it does not cut into
     * the published batches, which spares reading each batch's header for its last offset.
     * {@code null} when the segment has nothing at or after {@code startOffset}
     * below {@code maxPosition}, so the caller can look in the next segment. Lock-free.
     *
     * @param segmentNextOffset the offset after the last batch below {@code maxPosition}, the
     *                          slice's {@link FileSlice#nextOffset()} when it reaches there
     */
    FileSlice read(long startOffset, int maxBytes, int maxPosition, long maxOffsetExclusive, boolean minOneBatch,
                   long segmentNextOffset) {
        LogOffsetPosition start = translateOffset(startOffset);
        if (start == null || start.position >= maxPosition) {
            return null;
        }
        int end = start.position;
        long nextOffset = segmentNextOffset;
        for (FileChannelRecordBatch batch : log.batchesFrom(start.position)) {
            int batchEnd = batch.position() + batch.sizeInBytes();
            boolean first = end == start.position;
            if (batchEnd > maxPosition
                    || batch.baseOffset() >= maxOffsetExclusive
                    || (maxOffsetExclusive != Long.MAX_VALUE && batch.lastOffset() >= maxOffsetExclusive)
                    || (batchEnd - start.position > maxBytes && !(first && minOneBatch))) {
                nextOffset = batch.baseOffset();
                break;
            }
            end = batchEnd;
        }
        return FileSlice.of(log, start.position, end - start.position, nextOffset);
    }

    /**
     * The first record at or after {@code startingOffset} whose timestamp is at least
     * {@code timestamp}, or {@code null}. Lock-free.
     */
    TimestampAndOffset findOffsetByTimestamp(long timestamp, long startingOffset) {
        long scanFrom = Math.max(timeIndex.lookup(timestamp), startingOffset);
        return log.searchForTimestamp(timestamp, offsetIndex.lookup(scanFrom), startingOffset,
                Records.SOFT_MAX_ARRAY_LENGTH);
    }

    /** The offset after the last batch: the log end offset when this is the active segment. */
    long readNextOffset() {
        long next = baseOffset;
        for (FileChannelRecordBatch batch : log.batchesFrom(offsetIndex.lookup(offsetIndex.lastOffset()))) {
            next = batch.nextOffset();
        }
        return next;
    }

    // ---------------------------------------------------------------- recovery and truncation

    /**
     * Whether the indexes, as loaded, fit the log file: entries ordered and inside the file, the
     * last offset entry pointing at the batch it names, the time index ending before the log
     * does, and a time index entry for a non-empty segment (every sealed segment gets one). A
     * clean shutdown leaves them so; anything else is rebuilt by {@link #recover}.
     */
    boolean hasConsistentIndexes() {
        if (log.sizeInBytes() > 0 && (indexMissing || timeIndex.entries() == 0)) {
            return false;
        }
        try {
            if (!offsetIndex.isConsistent(log.sizeInBytes())) {
                return false;
            }
            if (offsetIndex.entries() > 0) {
                long lastIndexed = offsetIndex.lastOffset();
                Iterator<FileChannelRecordBatch> batch = log.batchesFrom(offsetIndex.lookup(lastIndexed)).iterator();
                if (!batch.hasNext() || batch.next().baseOffset() != lastIndexed) {
                    return false;
                }
            }
            return timeIndex.isConsistent(readNextOffset());
        } catch (KafkaException e) {
            return false;
        }
    }

    /**
     * Rescans the file batch by batch (length, magic, CRC32C, ascending offsets), rebuilds both
     * indexes, and truncates the file after the last valid batch.
     *
     * @return the number of bytes truncated (a torn or corrupt tail), 0 when the file was whole
     */
    int recover(int maxIndexBytes, int indexIntervalBytes) throws IOException {
        makeActive(maxIndexBytes);
        offsetIndex.reset();
        timeIndex.reset();
        maxTimestamp = RecordBatch.NO_TIMESTAMP;
        offsetOfMaxTimestamp = -1;
        bytesSinceLastIndexEntry = 0;
        rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;

        int validBytes = 0;
        long nextAllowedOffset = baseOffset;
        ByteBuffer scratch = ByteBuffer.allocate(CHECKSUM_CHUNK_BYTES);
        try {
            for (FileChannelRecordBatch batch : log.batches()) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2 || !hasPlausibleOffsets(batch, nextAllowedOffset)
                        || !hasValidChecksum(batch, scratch)) {
                    break;
                }
                index(batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), validBytes, batch.sizeInBytes(),
                        indexIntervalBytes);
                validBytes += batch.sizeInBytes();
                nextAllowedOffset = batch.nextOffset();
            }
        } catch (KafkaException e) {
            // The bytes at validBytes do not even frame a batch: that is where the valid log ends.
        }
        int truncated = log.sizeInBytes() - validBytes;
        if (truncated > 0) {
            log.truncateTo(validBytes);
        }
        return truncated;
    }

    /**
     * Whether the batch's offsets can follow the batches before it: above them (a gap is legal: a
     * follower copies its leader's batches as they are, and compaction leaves gaps), at most
     * {@link Integer#MAX_VALUE} past the segment's base (the indexes store relative offsets as
     * int32), and not ending before they begin. The base offset is outside the batch checksum,
     * so this is all that guards it: a damaged one that goes backwards or far out is caught, one
     * that jumps forward a little looks like a gap, as in Kafka.
     */
    private boolean hasPlausibleOffsets(FileChannelRecordBatch batch, long nextAllowedOffset) {
        return batch.baseOffset() >= nextAllowedOffset
                && batch.lastOffset() >= batch.baseOffset()
                && batch.lastOffset() - baseOffset <= Integer.MAX_VALUE;
    }

    /**
     * CRC32C over the batch from its attributes to its end, read in chunks so that a corrupt
     * length field cannot make recovery allocate a buffer of that size.
     */
    private boolean hasValidChecksum(FileChannelRecordBatch batch, ByteBuffer scratch) throws IOException {
        if (batch.sizeInBytes() < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            return false;
        }
        int crcStart = batch.position() + DefaultRecordBatch.CRC_OFFSET;
        scratch.clear().limit(4);
        Utils.readFully(log.channel(), scratch, crcStart);
        long storedChecksum = Integer.toUnsignedLong(scratch.getInt(0));

        CRC32C crc = new CRC32C();
        long position = batch.position() + CHECKSUMMED_FROM;
        long end = (long) batch.position() + batch.sizeInBytes();
        while (position < end) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), end - position));
            Utils.readFully(log.channel(), scratch, position);
            if (scratch.hasRemaining()) {
                return false;
            }
            scratch.flip();
            crc.update(scratch);
            position += scratch.limit();
        }
        return crc.getValue() == storedChecksum;
    }

    /**
     * Removes the batch containing {@code offset} and everything after it.
     *
     * @return the number of bytes removed
     */
    int truncateTo(long offset) throws IOException {
        LogOffsetPosition cut = translateOffset(offset);
        if (cut == null) {
            return 0;
        }
        offsetIndex.truncateTo(cut.offset);
        timeIndex.truncateTo(cut.offset);
        int removed = log.truncateTo(cut.position);
        bytesSinceLastIndexEntry = 0;
        rollingBasedTimestamp = RecordBatch.NO_TIMESTAMP;
        recomputeMaxTimestamp();
        return removed;
    }

    /** After a truncation: the time index covers up to its last entry; scan the batches after it. */
    private void recomputeMaxTimestamp() {
        long max = timeIndex.lastTimestamp();
        long offsetOfMax = timeIndex.lastOffset();
        int scanFrom = timeIndex.entries() == 0 ? 0 : offsetIndex.lookup(offsetOfMax);
        for (FileChannelRecordBatch batch : log.batchesFrom(scanFrom)) {
            if (batch.maxTimestamp() > max) {
                max = batch.maxTimestamp();
                offsetOfMax = batch.lastOffset();
            }
        }
        offsetOfMaxTimestamp = offsetOfMax;
        maxTimestamp = max;
    }

    // ---------------------------------------------------------------- life cycle

    /**
     * Renames the files to {@code *.deleted}; the channel stays open so reads under way finish.
     * {@link #deleteFiles()} removes them later.
     */
    void renameForDeletion() throws IOException {
        log.renameTo(new java.io.File(log.file().getPath() + PartitionDirectory.DELETED_SUFFIX));
        offsetIndex.renameTo(Path.of(offsetIndex.file() + PartitionDirectory.DELETED_SUFFIX));
        timeIndex.renameTo(Path.of(timeIndex.file() + PartitionDirectory.DELETED_SUFFIX));
    }

    /** The {@code .log} file, wherever it is now. */
    Path logFile() {
        return log.file().toPath();
    }

    /** Renames the {@code .log} file; the channel stays open, so reads under way continue. */
    void renameLogTo(Path target) throws IOException {
        log.renameTo(target.toFile());
    }

    /** Renames both index files. */
    void renameIndexesTo(Path offsetIndexTarget, Path timeIndexTarget) throws IOException {
        offsetIndex.renameTo(offsetIndexTarget);
        timeIndex.renameTo(timeIndexTarget);
    }

    /** Closes the channel and removes the files, wherever they are now. */
    void deleteFiles() throws IOException {
        log.deleteIfExists();
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
    }

    void close() throws IOException {
        log.close();
    }

    @Override
    public String toString() {
        return "LogSegment(base=" + baseOffset + ", size=" + log.sizeInBytes() + ")";
    }
}
