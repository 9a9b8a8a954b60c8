package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecords.FilterResult;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.utils.internals.BufferSupplier;

/**
 * One cleaning pass over one compacted log (Kafka's {@code Cleaner}): keeps the latest record of
 * every key in the log's non-active segments, as {@link CompactionFilter} decides.
 *
 * <ol>
 *   <li>Measure the log ({@link DirtyRange}) and map the dirty part: key → offset of its latest
 *       record, in an {@link OffsetMap} of at most {@code dedupeBufferBytes}. Mapping goes batch by
 *       batch and stops before a batch whose records might not fit: the pass then covers the log
 *       up to there, and the next pass goes on from there (several passes for a log with more
 *       dirty keys than the budget holds).</li>
 *   <li>Rewrite the segments from the log start up to the mapped end, in groups of consecutive
 *       segments that fit one segment ({@code segment.bytes}; small segments merge), each group
 *       into one new segment at the group's base offset through {@code .cleaned} files, read and
 *       written in chunks of the I/O buffer. Retained batches keep their offsets; gaps appear.</li>
 *   <li>Swap each cleaned segment in ({@link PartitionLog#replaceSegments}, {@link SegmentSwap}).</li>
 *   <li>Advance the cleaner checkpoint to the mapped end.</li>
 * </ol>
 * Reads and writes run without the log's lock: non-active segments do not change, and the swap
 * checks under the lock that the segments it replaces are still the log's (retention or a
 * truncation may have removed them meanwhile; the pass is then abandoned and its files deleted).
 *
 * <p>Memory: the offset map (bounded by the budget, smaller for a small dirty part), a read and a
 * write buffer of half the I/O buffer each, grown only for a batch larger than that, and the
 * records of one batch while {@code filterTo} rewrites it.
 *
 * <p>Not thread-safe: one cleaner thread uses an instance.
 */
final class Cleaner {

    private static final Logger LOG = Logger.getLogger(Cleaner.class.getName());

    /** What a pass did. */
    record Result(long cleanedTo, int segmentsBefore, int segmentsAfter, long bytesBefore, long bytesAfter,
                  long earliestTombstoneHorizon) {
    }

    /** Thrown when the log changed under the pass or the cleaner is stopping: nothing is wrong, try later. */
    static final class Abandoned extends Exception {
        Abandoned(String message) {
            super(message, null, false, false);
        }
    }

    private final long dedupeBufferBytes;
    private final Time time;
    private final BooleanSupplier stopping;
    private ByteBuffer readBuffer;
    private ByteBuffer writeBuffer;

    Cleaner(long dedupeBufferBytes, int ioBufferBytes, Time time, BooleanSupplier stopping) {
        this.dedupeBufferBytes = dedupeBufferBytes;
        this.time = time;
        this.stopping = stopping;
        int half = Math.max(DefaultRecordBatch.RECORD_BATCH_OVERHEAD, ioBufferBytes / 2);
        this.readBuffer = ByteBuffer.allocate(half);
        this.writeBuffer = ByteBuffer.allocate(half);
    }

    /**
     * Cleans {@code log} once, up to {@code highWatermark} at most.
     *
     * @return what was done; empty cleanings (nothing dirty) return the log as it was
     * @throws Abandoned    the log changed under the pass, or the cleaner is stopping
     * @throws IOException  a read or write failed; the log stays as it was (or, failing after the
     *                      commit point of a swap, goes offline and the next open completes the swap)
     * @throws CorruptRecordException a batch failed its CRC check
     */
    Result clean(PartitionLog log, long highWatermark) throws IOException, Abandoned {
        long now = time.milliseconds();
        LogConfig config = log.config();
        DirtyRange range = log.dirtyRange(highWatermark, now);
        List<LogSegment> inactive = range.inactiveSegments();
        long bytesBefore = sizeOf(inactive);
        OffsetMap map = new OffsetMap((int) Math.min(dedupeBufferBytes, Math.min(Integer.MAX_VALUE,
                OffsetMap.bytesFor(range.firstUncleanableOffset() - range.firstDirtyOffset()))));
        long mappedTo = buildOffsetMap(range, map);

        List<List<LogSegment>> groups = groupBySize(range.segments(), mappedTo, config);
        CompactionFilter filter = new CompactionFilter(map, mappedTo, log.lastOffsetsOfProducers(), now,
                config.deleteRetentionMs());
        int maxRecordBytes = (int) Math.min(Records.SOFT_MAX_ARRAY_LENGTH,
                (long) config.maxMessageBytes() * BatchValidator.MAX_COMPRESSION_RATIO);
        for (List<LogSegment> group : groups) {
            LogSegment last = group.get(group.size() - 1);
            long groupEnd = range.segments().get(range.segments().indexOf(last) + 1).baseOffset();
            cleanGroup(log, group, groupEnd, filter, maxRecordBytes);
        }
        log.markCleanedTo(mappedTo);
        List<LogSegment> after = log.dirtyRange(highWatermark, now).inactiveSegments();
        return new Result(mappedTo, inactive.size(), after.size(), bytesBefore, sizeOf(after),
                filter.earliestTombstoneHorizon());
    }

    // ---------------------------------------------------------------- 1. the offset map

    /**
     * Maps the dirty part, whole batches at a time.
     *
     * @return the offset up to which (exclusive) the map holds every key's latest offset: the first
     *         uncleanable offset when everything fit, else the offset after the last batch mapped
     */
    private long buildOffsetMap(DirtyRange range, OffsetMap map) throws Abandoned {
        long from = range.firstDirtyOffset();
        long to = range.firstUncleanableOffset();
        for (LogSegment segment : range.inactiveSegments()) {
            if (segment.baseOffset() >= to) {
                break;
            }
            LogOffsetPosition start = segment.translateOffset(from);
            if (start == null) {
                continue;
            }
            for (FileChannelRecordBatch batch : segment.records().batchesFrom(start.position)) {
                checkNotStopping();
                if (batch.baseOffset() >= to) {
                    return to;
                }
                Integer count = batch.countOrNull();
                int records = count == null ? Integer.MAX_VALUE : count;
                if (map.size() > 0 && (long) map.size() + records > map.capacity()) {
                    return batch.baseOffset();
                }
                mapBatch(batch, from, map);
            }
        }
        return to;
    }

    private static void mapBatch(FileChannelRecordBatch batch, long from, OffsetMap map) {
        batch.ensureValid();
        for (Record record : batch) {
            if (record.offset() >= from && record.hasKey() && !map.put(record.key(), record.offset())) {
                throw new IllegalStateException("log.cleaner.dedupe.buffer.size holds " + map.capacity()
                        + " keys, too few for the batch at offset " + batch.baseOffset());
            }
        }
    }

    // ---------------------------------------------------------------- 2. grouping

    /**
     * The non-active segments below {@code cleanUpTo}, in groups that each fit one segment: at
     * most {@code segment.bytes} together (they only shrink when cleaned) and an offset span that
     * relative offsets in int32 can index.
     */
    static List<List<LogSegment>> groupBySize(List<LogSegment> segments, long cleanUpTo, LogConfig config) {
        List<List<LogSegment>> groups = new ArrayList<>();
        List<LogSegment> group = new ArrayList<>();
        long groupBytes = 0;
        for (int i = 0; i < segments.size() - 1; i++) {
            LogSegment segment = segments.get(i);
            if (segment.baseOffset() >= cleanUpTo) {
                break;
            }
            long upper = segments.get(i + 1).baseOffset();
            boolean fits = !group.isEmpty() && groupBytes + segment.sizeInBytes() <= config.segmentBytes()
                    && upper - 1 - group.get(0).baseOffset() <= Integer.MAX_VALUE;
            if (!group.isEmpty() && !fits) {
                groups.add(group);
                group = new ArrayList<>();
                groupBytes = 0;
            }
            group.add(segment);
            groupBytes += segment.sizeInBytes();
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    // ---------------------------------------------------------------- 3. rewriting and swapping

    private void cleanGroup(PartitionLog log, List<LogSegment> group, long groupEnd, CompactionFilter filter,
                            int maxRecordBytes) throws IOException, Abandoned {
        LogSegment cleaned = log.newCleanedSegment(group.get(0).baseOffset());
        boolean swapped = false;
        try {
            for (LogSegment segment : group) {
                copyRetained(segment, cleaned, filter, log.config().indexIntervalBytes(), maxRecordBytes);
            }
            cleaned.onBecomeInactive();
            cleaned.flush();
            swapped = log.replaceSegments(group, cleaned, groupEnd);
            if (!swapped) {
                throw new Abandoned("The segments of " + log.dir() + " from offset " + group.get(0).baseOffset()
                        + " changed while they were cleaned");
            }
        } finally {
            if (!swapped) {
                discard(cleaned);
            }
        }
    }

    /** Filters the batches of {@code segment} into {@code cleaned}, one buffer of the file at a time. */
    private void copyRetained(LogSegment segment, LogSegment cleaned, CompactionFilter filter, int indexIntervalBytes,
                              int maxRecordBytes) throws IOException, Abandoned {
        int position = 0;
        int size = segment.sizeInBytes();
        while (position < size) {
            checkNotStopping();
            readBuffer.clear().limit(Math.min(readBuffer.capacity(), size - position));
            Utils.readFully(segment.records().channel(), readBuffer, position);
            readBuffer.flip();
            writeBuffer.clear();
            FilterResult result = MemoryRecords.readableRecords(readBuffer)
                    .filterTo(filter, writeBuffer, BufferSupplier.NO_CACHING, maxRecordBytes);
            if (result.bytesRead() == 0) {
                growBuffersFor(readBuffer, position, size - position, segment);
                continue;
            }
            position += result.bytesRead();
            ByteBuffer retained = result.outputBuffer();
            if (retained.position() > 0) {
                retained.flip();
                cleaned.append(MemoryRecords.readableRecords(retained), indexIntervalBytes);
            }
            if (retained != writeBuffer && retained.capacity() > writeBuffer.capacity()) {
                writeBuffer = ByteBuffer.allocate(retained.capacity());
            }
        }
    }

    /** The buffer held no whole batch: make room for the next one, whose size its header gives. */
    private void growBuffersFor(ByteBuffer read, int position, int remaining, LogSegment segment) {
        int batchSize = read.limit() >= Records.LOG_OVERHEAD
                ? read.getInt(Records.SIZE_OFFSET) + Records.LOG_OVERHEAD : Integer.MAX_VALUE;
        if (batchSize <= read.capacity() || batchSize > remaining || batchSize < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("The batch at position " + position + " of " + segment
                    + " has an impossible size, " + batchSize + " bytes");
        }
        readBuffer = ByteBuffer.allocate(batchSize);
        writeBuffer = ByteBuffer.allocate(Math.max(writeBuffer.capacity(), batchSize));
    }

    private static void discard(LogSegment cleaned) {
        try {
            cleaned.deleteFiles();
        } catch (IOException | RuntimeException e) {
            // The next open removes *.cleaned files.
            LOG.warning(() -> "Cannot delete the files of an abandoned cleaned segment " + cleaned + ": " + e);
        }
    }

    private void checkNotStopping() throws Abandoned {
        if (stopping.getAsBoolean()) {
            throw new Abandoned("The cleaner is stopping");
        }
    }

    private static long sizeOf(List<LogSegment> segments) {
        long size = 0;
        for (LogSegment segment : segments) {
            size += segment.sizeInBytes();
        }
        return size;
    }
}
