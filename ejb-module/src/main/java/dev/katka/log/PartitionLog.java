package dev.katka.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

/**
 * One partition's commit log on disk: the rest of the broker appends to it, reads from it and
 * maintains it through this class alone.
 *
 * <p>On disk it is a directory of {@link LogSegment}s plus small files, laid out as
 * {@link PartitionDirectory} describes. Offsets ascend (dense as a leader writes them; a
 * follower keeps its leader's, gaps included): the log start offset is the first segment's base
 * offset, or above it once DeleteRecords moved it into that segment
 * ({@link #advanceLogStartOffset}); the log end offset (LEO) is the offset after the last batch's
 * last record.
 *
 * <p><b>Leader epochs.</b> Every batch carries the epoch of the leader that wrote it; the
 * {@link LeaderEpochCache} (file {@code leader-epoch-checkpoint}) keeps where each epoch starts,
 * for {@link #latestEpoch()} and {@link #endOffsetForEpoch(int)}. An epoch is recorded before its
 * first batch is written, and forgotten with its batches by truncation and retention; opening the
 * log repairs the cache from the batches (see {@link LeaderEpochCache} for how).
 *
 * <p><b>Thread-safety.</b> Everything that changes the log ({@link #appendAsLeader},
 * {@link #appendAsFollower}, {@link #truncateTo}, {@link #truncateFullyAndStartAt},
 * {@link #advanceLogStartOffset}, {@link #roll()}, {@link #runMaintenance}, {@link #updateConfig}, {@link #close()},
 * {@link #delete()}) takes the log's lock, so they are serialized; so do the epoch queries
 * ({@link #latestEpoch()}, {@link #endOffsetForEpoch(int)}), which thereby see the log as one
 * change left it. Batch validation, the expensive part of an append, runs before the lock is taken.
 * {@link #flush()} (fsync) runs outside that lock under a flush lock of its own, so appends do
 * not wait for the disk. Reads ({@link #read}, {@link #offsetForTimestamp},
 * {@link #maxTimestampAndOffset()} and the offset/size accessors) take no lock: they work from
 * the published log end (an immutable {@code LogEnd} written after the bytes and indexes), the
 * concurrent segment map, and segment files that are closed only {@code file.delete.delay.ms} after
 * they leave the log. A read racing a truncation may fail, as in Kafka, but never returns bytes
 * that were not written.
 *
 * <p><b>Failures.</b> An I/O error while appending cuts the segment file back to its size before
 * the append and surfaces as {@link KafkaStorageException}; the log stays usable. If even that
 * repair fails, or an fsync fails, the log goes offline: every later append and flush throws
 * {@link KafkaStorageException}, reads of what was written keep working.
 */
public final class PartitionLog implements AutoCloseable {

    /** Kafka's default {@code producer.id.expiration.ms}: one day. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 24L * 60 * 60 * 1000;

    private static final Logger LOG = Logger.getLogger(PartitionLog.class.getName());

    /** The log end as readers see it: the offset, and where its bytes end in which segment. */
    private record LogEnd(long offset, long segmentBaseOffset, int position) {
    }

    private final PartitionDirectory dir;
    private final Time time;
    private final RecordFileOpener opener;
    private final long producerIdExpirationMs;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object flushLock = new Object();
    private final ConcurrentNavigableMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private final DeletedSegments deletedSegments = new DeletedSegments();
    /** Guarded by {@link #lock}. */
    private final ProducerStateTable producers = new ProducerStateTable();
    private final ProducerStateStore producerStore;
    /** Set while opening, then guarded by {@link #lock}. */
    private LeaderEpochCache epochs;

    private volatile LogConfig config;
    private volatile LogEnd end;
    private volatile long logStartOffset;
    /** Everything below was fsynced. Written under {@link #flushLock} (or both locks). */
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    /** The recovery point last written to disk; guarded by {@link #flushLock}. */
    private long checkpointedRecoveryPoint = -1;
    private volatile boolean offline;
    private volatile boolean closed;
    /** Called at each step of a segment swap; tests only. */
    private volatile java.util.function.Consumer<SegmentSwap.Step> swapSteps = step -> { };
    /** The cleaner checkpoint: a compacted log is clean below it. Written under {@link #lock}. */
    private volatile long cleanedTo;

    private PartitionLog(PartitionDirectory dir, LogConfig config, Time time, long producerIdExpirationMs,
                         RecordFileOpener opener) {
        this.dir = dir;
        this.config = config;
        this.time = time;
        this.producerIdExpirationMs = producerIdExpirationMs;
        this.opener = opener;
        this.producerStore = new ProducerStateStore(dir);
        this.lastFlushMs = time.milliseconds();
    }

    // ================================================================ opening

    /** {@link #open(Path, LogConfig, Time, long)} with Kafka's default producer id expiration. */
    public static PartitionLog open(Path dir, LogConfig config, Time time) {
        return open(dir, config, time, DEFAULT_PRODUCER_ID_EXPIRATION_MS);
    }

    /**
     * Opens the log in {@code dir}, creating it if needed: loads the segments, recovers what a
     * crash may have torn (see {@link LogRecovery}), rebuilds the idempotent-producer state and
     * fits the leader epoch cache to what was recovered.
     *
     * @param producerIdExpirationMs how long a producer may stay idle before the log forgets it
     * @throws KafkaStorageException when the directory cannot be read or repaired
     */
    public static PartitionLog open(Path dir, LogConfig config, Time time, long producerIdExpirationMs) {
        return open(dir, config, time, producerIdExpirationMs, RecordFileOpener.DEFAULT);
    }

    static PartitionLog open(Path dir, LogConfig config, Time time, long producerIdExpirationMs,
                             RecordFileOpener opener) {
        PartitionLog log = new PartitionLog(new PartitionDirectory(dir), config, time, producerIdExpirationMs, opener);
        try {
            Files.createDirectories(dir);
            log.load();
            return log;
        } catch (IOException | UncheckedIOException e) {
            log.closeSegmentsQuietly();
            throw new KafkaStorageException("Cannot open the log in " + dir, e);
        } catch (RuntimeException e) {
            log.closeSegmentsQuietly();
            throw e;
        }
    }

    private void load() throws IOException {
        boolean cleanShutdown = dir.hasCleanShutdownMarker();
        SegmentSwap.completeInterrupted(dir);
        dir.removeLeftovers();
        List<LogSegment> loaded = openSegments();
        LogRecovery.Result recovered = new LogRecovery(dir, config).recover(loaded, cleanShutdown);
        for (LogSegment segment : recovered.segments()) {
            segments.put(segment.baseOffset(), segment);
        }
        LogSegment active = segments.lastEntry().getValue();
        publishEnd(active.readNextOffset(), active);
        logStartOffset = Math.max(segments.firstKey(), loadLogStartOffset());
        recoveryPoint = Math.min(recovered.recoveryPoint(), end.offset());
        cleanedTo = dir.readCleanerCheckpoint().orElse(logStartOffset);
        dir.removeCleanShutdownMarker();
        rebuildProducerState();
        producers.removeExpired(time.milliseconds(), producerIdExpirationMs);
        loadLeaderEpochs(recovered.rescannedFrom());
        if (!cleanShutdown) {
            // What recovery kept is checked but maybe not yet on disk: make it so before serving it.
            flush();
            // The checkpoint may lie beyond what recovery kept: appends there would go unchecked by
            // the next recovery.
            checkpointRecoveryPoint();
        }
        LOG.fine(() -> "Opened " + dir.path() + ": offsets [" + logStartOffset + ", " + end.offset() + "), "
                + segments.size() + " segments, " + producers.size() + " producers");
    }

    /**
     * Where DeleteRecords last moved the log start. Recovery may have cut the log below it (the
     * records were deleted, but not yet fsynced): the log then starts, empty, at its end, and the
     * checkpoint says so at once, or it would hide the records appended next after a restart.
     */
    private long loadLogStartOffset() throws IOException {
        OptionalLong stored = dir.readLogStartOffset();
        if (stored.isEmpty()) {
            return 0;
        }
        if (stored.getAsLong() > end.offset()) {
            dir.writeLogStartOffset(end.offset());
            return end.offset();
        }
        return stored.getAsLong();
    }

    private List<LogSegment> openSegments() throws IOException {
        List<Long> baseOffsets = dir.segmentBaseOffsets();
        if (baseOffsets.isEmpty()) {
            baseOffsets = List.of(0L);
        }
        List<LogSegment> opened = new ArrayList<>(baseOffsets.size());
        try {
            for (int i = 0; i < baseOffsets.size(); i++) {
                boolean last = i == baseOffsets.size() - 1;
                opened.add(LogSegment.open(dir, baseOffsets.get(i), config.segmentIndexBytes(), last, opener));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(segment -> Utils.closeQuietly(segment::close, "segment"));
            throw e;
        }
        return opened;
    }

    private void rebuildProducerState() throws IOException {
        producerStore.rebuild(producers, segments, end.offset());
    }

    /**
     * Reads the leader epoch cache and fits it to the log as recovered: entries below the log
     * start or from {@code rescannedFrom} on are dropped, and the batches from there say again
     * which epochs they hold (a crash may have cut them, or the checkpoint may name epochs whose
     * first batch never reached the disk). Without a checkpoint that can be trusted, every batch
     * of the log says it.
     */
    private void loadLeaderEpochs(long rescannedFrom) throws IOException {
        Optional<LeaderEpochCache> stored = LeaderEpochCache.read(dir);
        long assignFrom;
        if (stored.isPresent()) {
            epochs = stored.get();
            epochs.truncateFromStart(logStartOffset);
            assignFrom = Math.max(logStartOffset, Math.min(rescannedFrom, end.offset()));
        } else {
            epochs = LeaderEpochCache.empty(dir);
            assignFrom = logStartOffset;
            if (assignFrom < end.offset()) {
                LOG.info(() -> "Rebuilding the leader epoch cache of " + dir.path() + " from its batches");
            }
        }
        epochs.truncateFromEnd(assignFrom);
        assignEpochsOfBatchesFrom(assignFrom);
        // The batch holding a log start that DeleteRecords moved into it begins below it.
        epochs.truncateFromStart(logStartOffset);
    }

    private void assignEpochsOfBatchesFrom(long offset) throws IOException {
        Long first = segments.floorKey(offset);
        for (LogSegment segment : segments.tailMap(first == null ? segments.firstKey() : first).values()) {
            LogOffsetPosition start = segment.translateOffset(offset);
            if (start != null) {
                epochs.assign(segment.records().batchesFrom(start.position));
            }
        }
    }

    // ================================================================ appending

    /**
     * Validates {@code records}, gives them offsets from the log end and appends them, as the
     * partition's leader. The batches are rewritten in place in {@code records}' buffer (offsets,
     * leader epoch, LogAppendTime timestamps), as Kafka does. A retried idempotent batch is not
     * written: the result carries its original offsets and {@code duplicate = true}.
     *
     * <p>Thread-safe; appends are serialized by the log's lock, validation runs before it.
     *
     * @throws org.apache.kafka.common.InvalidRecordException           bad magic, malformed records, transactions, keyless records in a compacted log
     * @throws org.apache.kafka.common.errors.CorruptRecordException     CRC mismatch, partial batch
     * @throws org.apache.kafka.common.errors.RecordTooLargeException    a batch above max.message.bytes
     * @throws org.apache.kafka.common.errors.InvalidTimestampException  a CreateTime timestamp out of range
     * @throws org.apache.kafka.common.errors.OutOfOrderSequenceException    sequence gap of an idempotent producer
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException  a fenced producer epoch
     * @throws FencedLeaderEpochException     {@code leaderEpoch} is older than the log's latest epoch: a deposed leader
     * @throws KafkaStorageException                                     the disk failed; nothing was appended
     * @throws IllegalArgumentException       a negative {@code leaderEpoch}
     */
    public LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) {
        if (leaderEpoch < 0) {
            throw new IllegalArgumentException("Leader epoch " + leaderEpoch + " is negative");
        }
        LogConfig config = this.config;
        long now = time.milliseconds();
        List<ValidBatch> batches = BatchValidator.validate(records, config, now);
        LogAppendResult result;
        lock.lock();
        try {
            ensureWritable();
            result = appendValidated(records, batches, leaderEpoch, config, now);
        } finally {
            lock.unlock();
        }
        if (!result.duplicate() && flushDue(config, now)) {
            flush();
        }
        return result;
    }

    /** The flush policy: {@code flush.messages} unflushed records, or the last flush older than {@code flush.ms}. */
    private boolean flushDue(LogConfig config, long now) {
        boolean byCount = end.offset() - recoveryPoint >= config.flushMessages();
        boolean byTime = config.flushMs() != Long.MAX_VALUE && now - lastFlushMs >= config.flushMs();
        return byCount || byTime;
    }

    private LogAppendResult appendValidated(MemoryRecords records, List<ValidBatch> batches, int leaderEpoch,
                                            LogConfig config, long now) {
        boolean logAppendTime = config.timestampType() == TimestampType.LOG_APPEND_TIME;
        long firstOffset = end.offset();
        int latestEpoch = epochs.latestEpoch();
        if (leaderEpoch < latestEpoch) {
            throw new FencedLeaderEpochException("Leader epoch " + leaderEpoch + " is older than epoch " + latestEpoch
                    + " of the last batch in " + dir.path().getFileName() + "; a newer leader has written since");
        }
        ProducerStateTable.Append producerAppend = producers.begin();
        long nextOffset = firstOffset;
        for (ValidBatch batch : batches) {
            if (batch.batch().hasProducerId()) {
                long timestamp = logAppendTime ? now : batch.maxTimestamp();
                SequencedBatch original = producerAppend.add(batch.batch(), nextOffset,
                        batch.lastOffsetAfter(nextOffset), timestamp);
                if (original != null) {
                    return duplicateOf(original, logAppendTime);
                }
            }
            nextOffset += batch.recordCount();
        }

        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        nextOffset = firstOffset;
        for (ValidBatch batch : batches) {
            maxTimestamp = Math.max(maxTimestamp, batch.assign(nextOffset, leaderEpoch, config.timestampType(), now));
            nextOffset += batch.recordCount();
        }
        long lastOffset = nextOffset - 1;

        LogSegment segment = activeSegment();
        if (shouldRoll(segment, config, records.sizeInBytes(), maxTimestamp, lastOffset)) {
            segment = rollLocked();
        }
        assignEpoch(leaderEpoch, firstOffset);
        writeTo(segment, records, config);
        producerAppend.commit();
        publishEnd(nextOffset, segment);
        return new LogAppendResult(firstOffset, lastOffset, logAppendTime ? now : RecordBatch.NO_TIMESTAMP,
                maxTimestamp, logStartOffset, (int) (nextOffset - firstOffset), false);
    }

    private boolean shouldRoll(LogSegment segment, LogConfig config, int bytes, long maxTimestamp, long lastOffset) {
        try {
            return segment.shouldRoll(config, bytes, maxTimestamp, lastOffset);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot read the first batch of " + segment, e);
        }
    }

    private LogAppendResult duplicateOf(SequencedBatch original, boolean logAppendTime) {
        return new LogAppendResult(original.firstOffset(), original.lastOffset(),
                logAppendTime ? original.timestamp() : RecordBatch.NO_TIMESTAMP, original.timestamp(),
                logStartOffset, (int) (original.lastOffset() - original.firstOffset() + 1), true);
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset} (if it is new) before its first
     * batch is written, so that the checkpoint on disk never lacks the epoch of a batch there.
     */
    private void assignEpoch(int epoch, long startOffset) {
        try {
            epochs.assign(epoch, startOffset);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot write the leader epoch checkpoint of " + dir.path()
                    + "; nothing was appended", e);
        }
    }

    /**
     * Writes to the segment; on failure puts the file and the epoch cache back as they were, or
     * takes the log offline if the file cannot be.
     */
    private void writeTo(LogSegment segment, MemoryRecords records, LogConfig config) {
        int sizeBefore = segment.sizeInBytes();
        try {
            segment.append(records, config.indexIntervalBytes());
        } catch (IOException e) {
            try {
                segment.truncateToSize(sizeBefore);
                forgetEpochsFrom(end.offset());
            } catch (IOException | RuntimeException repair) {
                e.addSuppressed(repair);
                goOffline("cannot undo a failed append", e);
            }
            throw new KafkaStorageException("Cannot append to " + segment + " in " + dir.path(), e);
        }
    }

    /**
     * Drops the epochs starting at or after {@code offset}, whose batches are gone. If the
     * checkpoint cannot be written, the cache still changes: the file then names offsets past
     * the log end, which the next open drops, and the next epoch recorded rewrites it first.
     */
    private void forgetEpochsFrom(long offset) {
        try {
            epochs.truncateFromEnd(offset);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot write the leader epoch checkpoint of " + dir.path() + " after truncating it to "
                    + offset + "; the next change or open repairs it: " + e);
        }
    }

    /**
     * Appends batches copied from the leader, as a follower: offsets, leader epochs, timestamps
     * and producer fields stay as the leader wrote them; nothing in the buffer is rewritten. The
     * first batch must start at the log end offset; offsets ascend from batch to batch (gaps, as a
     * compacted leader's log has, are kept); leader epochs never go below the log's latest (a
     * follower truncates to its leader's history before it fetches). The epochs enter the leader
     * epoch cache, the idempotent producers' state follows the batches without sequence checks
     * (the leader made those), the indexes are updated and the segment rolls as for a leader's
     * append. Empty {@code records} append nothing.
     *
     * <p>Thread-safe; serialized with every other change by the log's lock. The checks that need
     * no log state (framing, CRC32C, order) run before it.
     *
     * @throws UnexpectedAppendOffsetException the first batch does not start at the log end offset
     * @throws org.apache.kafka.common.errors.CorruptRecordException a CRC mismatch, a cut-off batch
     * @throws InvalidRecordException another magic than 2, offsets not ascending, a leader epoch
     *                                below the log's latest or decreasing
     * @throws KafkaStorageException  the disk failed; nothing was appended
     */
    public void appendAsFollower(MemoryRecords records) {
        if (records.sizeInBytes() == 0) {
            return;
        }
        List<MutableRecordBatch> batches = BatchValidator.validateReplicated(records);
        LogConfig config = this.config;
        lock.lock();
        try {
            ensureWritable();
            appendReplicated(records, batches, config);
        } finally {
            lock.unlock();
        }
        if (flushDue(config, time.milliseconds())) {
            flush();
        }
    }

    private void appendReplicated(MemoryRecords records, List<MutableRecordBatch> batches, LogConfig config) {
        MutableRecordBatch first = batches.get(0);
        long lastOffset = batches.get(batches.size() - 1).lastOffset();
        long logEnd = end.offset();
        if (first.baseOffset() != logEnd) {
            throw new UnexpectedAppendOffsetException("The leader's batches start at offset " + first.baseOffset()
                    + " but the log of " + dir.path().getFileName() + " ends at offset " + logEnd
                    + "; a follower appends exactly at its log end", first.baseOffset(), logEnd);
        }
        int latestEpoch = epochs.latestEpoch();
        if (first.partitionLeaderEpoch() < latestEpoch) {
            throw new InvalidRecordException("The leader's batch at offset " + first.baseOffset() + " has leader epoch "
                    + first.partitionLeaderEpoch() + ", older than epoch " + latestEpoch + " of the last batch in "
                    + dir.path().getFileName() + "; the follower must truncate to the leader's history first");
        }
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        for (MutableRecordBatch batch : batches) {
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
        }
        LogSegment segment = activeSegment();
        if (shouldRoll(segment, config, records.sizeInBytes(), maxTimestamp, lastOffset)) {
            segment = rollLocked();
        }
        assignEpochs(batches);
        writeTo(segment, records, config);
        for (MutableRecordBatch batch : batches) {
            producers.replay(batch);
        }
        publishEnd(lastOffset + 1, segment);
    }

    /** {@link #assignEpoch} for each of a leader's batches that a follower appends. */
    private void assignEpochs(List<MutableRecordBatch> batches) {
        try {
            epochs.assign(batches);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot write the leader epoch checkpoint of " + dir.path()
                    + "; nothing was appended", e);
        }
    }

    private void publishEnd(long offset, LogSegment activeSegment) {
        end = new LogEnd(offset, activeSegment.baseOffset(), activeSegment.sizeInBytes());
    }

    private LogSegment activeSegment() {
        return segments.lastEntry().getValue();
    }

    // ================================================================ rolling

    /** Starts a new segment at the log end, unless the active one is empty. Thread-safe. */
    public void roll() {
        lock.lock();
        try {
            ensureWritable();
            if (activeSegment().sizeInBytes() > 0) {
                rollLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    private LogSegment rollLocked() {
        long newBase = end.offset();
        LogSegment previous = activeSegment();
        LogSegment next;
        try {
            next = LogSegment.open(dir, newBase, config.segmentIndexBytes(), true, opener);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot roll " + dir.path() + " at offset " + newBase, e);
        }
        segments.put(newBase, next);
        publishEnd(newBase, next);
        try {
            previous.onBecomeInactive();
        } catch (IOException e) {
            // Only the index files stay preallocated; the next open finds them inconsistent and rebuilds them.
            LOG.warning(() -> "Cannot trim the indexes of " + previous + ": " + e);
        }
        producerStore.write(producers, newBase, false);
        return next;
    }

    // ================================================================ reading

    /**
     * Reads whole batches from one segment, starting with the batch that contains
     * {@code fetchOffset}: at most {@code maxBytes} of them, or the first one whatever its size if
     * {@code minOneBatch} (KIP-74), and none that reaches {@code maxOffsetExclusive} (the high
     * watermark, for consumers). The records are a zero-copy {@link FileSlice}.
     *
     * <p>Lock-free; safe concurrently with appends, rolls and retention.
     *
     * @throws OffsetOutOfRangeException when {@code fetchOffset} is below the log start or above the log end
     */
    public LogReadResult read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch) {
        LogEnd end = this.end;
        long start = logStartOffset;
        if (fetchOffset < start || fetchOffset > end.offset()) {
            throw outOfRange(fetchOffset, start, end.offset());
        }
        if (fetchOffset == end.offset() || fetchOffset >= maxOffsetExclusive) {
            return new LogReadResult(FileSlice.empty(), start, end.offset());
        }
        long offsetBound = maxOffsetExclusive >= end.offset() ? Long.MAX_VALUE : maxOffsetExclusive;
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(fetchOffset);
        while (entry != null && entry.getKey() <= end.segmentBaseOffset()) {
            LogSegment segment = entry.getValue();
            int maxPosition = segment.baseOffset() == end.segmentBaseOffset() ? end.position() : segment.sizeInBytes();
            // Where a reader continues when the slice takes every batch up to maxPosition.
            Long nextSegment = segments.higherKey(entry.getKey());
            long segmentNextOffset = segment.baseOffset() == end.segmentBaseOffset() ? end.offset()
                    : nextSegment == null ? -1 : nextSegment;
            FileSlice slice = segment.read(fetchOffset, maxBytes, maxPosition, offsetBound, minOneBatch,
                    segmentNextOffset);
            if (slice != null) {
                return new LogReadResult(slice, start, end.offset());
            }
            entry = segments.higherEntry(entry.getKey());
        }
        if (fetchOffset < logStartOffset) {
            // Retention removed the segment while we were looking for it.
            throw outOfRange(fetchOffset, logStartOffset, end.offset());
        }
        return new LogReadResult(FileSlice.empty(), start, end.offset());
    }

    private OffsetOutOfRangeException outOfRange(long offset, long start, long end) {
        return new OffsetOutOfRangeException("Offset " + offset + " is out of range for " + dir.path().getFileName()
                + ", which holds offsets [" + start + ", " + end + ")");
    }

    /**
     * The first offset whose record timestamp is at least {@code timestamp}, with that timestamp
     * (ListOffsets by time); empty when every record is older. Lock-free.
     */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
        long start = logStartOffset;
        for (LogSegment segment : segments.values()) {
            if (segment.maxTimestamp() >= timestamp) {
                TimestampAndOffset found = segment.findOffsetByTimestamp(timestamp, Math.max(start, segment.baseOffset()));
                if (found != null) {
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The largest timestamp in the log and the first offset that carries it (ListOffsets
     * MAX_TIMESTAMP); empty when the log is empty. Lock-free.
     */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() {
        LogSegment newest = null;
        for (LogSegment segment : segments.values()) {
            if (segment.maxTimestamp() != RecordBatch.NO_TIMESTAMP
                    && (newest == null || segment.maxTimestamp() > newest.maxTimestamp())) {
                newest = segment;
            }
        }
        if (newest == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(newest.findOffsetByTimestamp(newest.maxTimestamp(),
                Math.max(logStartOffset, newest.baseOffset())));
    }

    /**
     * The leader epoch of the last batch, or -1 when the log holds no batch with one. After
     * retention deleted every batch, the epoch of the last one deleted: the log still knows where
     * its history stands. Thread-safe; takes the log's lock.
     */
    public int latestEpoch() {
        lock.lock();
        try {
            return epochs.latestEpoch();
        } finally {
            lock.unlock();
        }
    }

    /**
     * OffsetForLeaderEpoch: the largest epoch at or below {@code epoch} that the log holds, and
     * the offset where the epoch after it starts, or the log end offset if it is the latest;
     * {@link EpochEnd#UNDEFINED} when the log holds nothing of {@code epoch} or of any earlier one.
     * Thread-safe; takes the log's lock, so the answer fits one state of the log.
     */
    public EpochEnd endOffsetForEpoch(int epoch) {
        lock.lock();
        try {
            return epochs.endOffsetFor(epoch, end.offset());
        } finally {
            lock.unlock();
        }
    }

    /** The first offset in the log. Lock-free. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next appended record gets. Lock-free. */
    public long logEndOffset() {
        return end.offset();
    }

    /** The offset below which everything is fsynced. Lock-free. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** The bytes of all segment files. Lock-free. */
    public long sizeInBytes() {
        long size = 0;
        for (LogSegment segment : segments.values()) {
            size += segment.sizeInBytes();
        }
        return size;
    }

    /** Lock-free. */
    public int segmentCount() {
        return segments.size();
    }

    /** The directory of the log. */
    public Path dir() {
        return dir.path();
    }

    public LogConfig config() {
        return config;
    }

    /** Applies a topic config change; sizes and times apply from the next decision they affect. Thread-safe. */
    public void updateConfig(LogConfig newConfig) {
        lock.lock();
        try {
            this.config = newConfig;
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ durability

    /**
     * Forces everything appended so far to disk and advances the recovery point. Runs outside the
     * append lock, so appends continue meanwhile. Thread-safe.
     *
     * @throws KafkaStorageException when fsync fails; the log then goes offline
     */
    public void flush() {
        synchronized (flushLock) {
            LogEnd target = end;
            if (target.offset() > recoveryPoint) {
                Long from = segments.floorKey(recoveryPoint);
                for (LogSegment segment : segments.tailMap(from == null ? segments.firstKey() : from).values()) {
                    if (segment.baseOffset() > target.segmentBaseOffset()) {
                        break;
                    }
                    flushSegment(segment);
                }
                recoveryPoint = target.offset();
            }
            lastFlushMs = time.milliseconds();
        }
    }

    private void flushSegment(LogSegment segment) {
        try {
            segment.flush();
        } catch (ClosedChannelException e) {
            if (segments.get(segment.baseOffset()) == segment) {
                goOffline("a segment of the log was closed under it", e);
                throw new KafkaStorageException("Cannot flush " + segment, e);
            }
            // Deleted meanwhile: nothing of it needs to be durable any more.
        } catch (IOException e) {
            goOffline("fsync failed", e);
            throw new KafkaStorageException("Cannot flush " + segment + " in " + dir.path(), e);
        }
    }

    private void checkpointRecoveryPoint() throws IOException {
        synchronized (flushLock) {
            long point = recoveryPoint;
            if (point != checkpointedRecoveryPoint) {
                dir.writeRecoveryPoint(point);
                checkpointedRecoveryPoint = point;
            }
        }
    }

    // ================================================================ maintenance

    /** {@link #runMaintenance(long)} for a log whose every offset counts as replicated. */
    public void runMaintenance() {
        runMaintenance(Long.MAX_VALUE);
    }

    /**
     * What a scheduler calls periodically: rolls the active segment when older than
     * {@code segment.ms}, flushes when the last flush is older than {@code flush.ms}, applies
     * retention by time and size (never removing data at or above {@code highWatermark}, which
     * followers may still need), forgets expired producers, removes deleted segments' files whose
     * delay has passed, and checkpoints the recovery point. Thread-safe.
     */
    public void runMaintenance(long highWatermark) {
        if (closed || offline) {
            return;
        }
        long now = time.milliseconds();
        LogConfig config = this.config;
        lock.lock();
        try {
            LogSegment active = activeSegment();
            if (active.isOlderThan(config.rollMs(), now)) {
                rollLocked();
            }
            deleteSegmentsRetentionBreached(config, now, highWatermark);
            producers.removeExpired(now, producerIdExpirationMs);
        } catch (IOException e) {
            throw new KafkaStorageException("Maintenance of " + dir.path() + " failed", e);
        } finally {
            lock.unlock();
        }
        if (config.flushMs() != Long.MAX_VALUE && now - lastFlushMs >= config.flushMs()) {
            flush();
        }
        deletedSegments.deleteDue(now);
        try {
            checkpointRecoveryPoint();
        } catch (IOException e) {
            LOG.warning(() -> "Cannot checkpoint the recovery point of " + dir.path() + ": " + e);
        }
    }

    /** Applies {@link Retention}; what goes is renamed now and deleted after the delay. */
    private void deleteSegmentsRetentionBreached(LogConfig config, long now, long highWatermark) throws IOException {
        List<LogSegment> deletable = Retention.deletable(segments(), end.offset(), config, now, highWatermark);
        if (deletable.isEmpty()) {
            return;
        }
        if (deletable.size() == segments.size()) {
            rollLocked();
        }
        // Readers check the log start before they look for a segment: move it first, so that a
        // read never finds its segment gone while its offset still counts as in range.
        logStartOffset = Math.max(logStartOffset, segments.higherKey(deletable.get(deletable.size() - 1).baseOffset()));
        forgetBelowStart(deletable, now);
        LOG.info("Retention deleted " + deletable.size() + " segments of " + dir.path().getFileName()
                + "; the log now starts at offset " + logStartOffset);
    }

    // ================================================================ deleting records (DeleteRecords)

    /**
     * Deletes the records below {@code offset}: the log now starts there (Kafka's
     * {@code maybeIncrementLogStartOffset}). The new start is written to disk before readers see
     * it, so a restart never brings deleted records back; segments wholly below it go now (their
     * files after {@code file.delete.delay.ms}), the rest of the segment holding it stays on disk
     * but is no longer read. Idempotent producers are remembered, as after retention (KAFKA-7190):
     * one whose batches were all deleted continues its sequence rather than failing with
     * OUT_OF_ORDER_SEQUENCE_NUMBER. Thread-safe; takes the lock.
     *
     * <p>The caller keeps {@code offset} at or below what is replicated (the high watermark):
     * the log checks only its own end.
     *
     * @return the log start offset afterwards: {@code offset}, or the current start if it was higher
     * @throws OffsetOutOfRangeException when {@code offset} is above the log end offset
     * @throws KafkaStorageException     when the new start cannot be written; nothing changed
     */
    public long advanceLogStartOffset(long offset) {
        lock.lock();
        try {
            ensureWritable();
            if (offset > end.offset()) {
                throw new OffsetOutOfRangeException("Cannot delete the records of " + dir.path().getFileName()
                        + " below offset " + offset + ": the log ends at offset " + end.offset());
            }
            if (offset <= logStartOffset) {
                return logStartOffset;
            }
            dir.writeLogStartOffset(offset);
            logStartOffset = offset;
            // The segment holding the new start stays whole; those before it hold only deleted records.
            forgetBelowStart(new ArrayList<>(segments.headMap(segments.floorKey(offset)).values()), time.milliseconds());
            LOG.info("Deleted the records of " + dir.path().getFileName() + " below offset " + offset);
            return offset;
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot delete the records of " + dir.path() + " below offset " + offset, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * After the log start moved up (retention, DeleteRecords): takes out {@code whollyBelow}, the
     * segments holding only records below it, with their producer snapshots, and the epochs that
     * ended before it. The recovery point moves no further than the first segment kept, whose
     * bytes below the log start may still be unflushed.
     */
    private void forgetBelowStart(List<LogSegment> whollyBelow, long now) throws IOException {
        if (!whollyBelow.isEmpty()) {
            removeSegments(whollyBelow, now);
            synchronized (flushLock) {
                recoveryPoint = Math.max(recoveryPoint, segments.firstKey());
            }
            producerStore.deleteBelow(segments.firstKey());
        }
        forgetEpochsBefore(logStartOffset);
    }

    /** Like {@link #forgetEpochsFrom}, at the other end: the log now starts at {@code offset}. */
    private void forgetEpochsBefore(long offset) {
        try {
            epochs.truncateFromStart(offset);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot write the leader epoch checkpoint of " + dir.path() + " for the log start "
                    + offset + "; the next change or open repairs it: " + e);
        }
    }

    /** Takes segments out of the log and schedules their files for deletion after the delay. */
    private void removeSegments(List<LogSegment> removed, long now) throws IOException {
        for (LogSegment segment : removed) {
            segments.remove(segment.baseOffset(), segment);
        }
        for (LogSegment segment : removed) {
            segment.renameForDeletion();
            deletedSegments.add(segment, now + config.fileDeleteDelayMs());
        }
    }

    // ================================================================ compaction (see Cleaner)

    /** How much of the log the cleaner may clean now and how dirty it is. Lock-free. */
    DirtyRange dirtyRange(long highWatermark, long now) {
        return DirtyRange.measure(segments(), cleanedTo, highWatermark, config, now);
    }

    /** For each producer the log knows, the last offset of its last batch. Thread-safe; takes the lock. */
    Map<Long, Long> lastOffsetsOfProducers() {
        lock.lock();
        try {
            Map<Long, Long> last = new java.util.HashMap<>();
            for (ProducerEntry entry : producers.entries()) {
                last.put(entry.producerId(), entry.lastOffset());
            }
            return last;
        } finally {
            lock.unlock();
        }
    }

    /** A new segment for the cleaned form of the segments from {@code baseOffset}, in {@code .cleaned} files. */
    LogSegment newCleanedSegment(long baseOffset) throws IOException {
        return LogSegment.openCleaned(dir, baseOffset, config.segmentIndexBytes(), opener);
    }

    /**
     * Puts {@code cleaned} (written and fsynced) in the place of {@code replaced}, consecutive
     * non-active segments from {@code cleaned}'s base offset up to {@code endOffset}, following
     * {@link SegmentSwap}. Readers see the cleaned segment at once under the first replaced one's
     * base offset, then the others disappear one by one, oldest first: a read that still finds an
     * old segment reads its older, complete data, and one that finds the cleaned segment never
     * skips what it retained. The replaced segments' files wait {@code file.delete.delay.ms} in
     * {@link DeletedSegments}, so reads already sending them finish. Thread-safe; takes the lock.
     *
     * @return false, changing nothing, when a replaced segment is no longer the log's (retention
     *         or truncation took it meanwhile) or the log is closed
     * @throws IOException before the commit point, with nothing changed; after it the log goes
     *                     offline and the next open completes the swap
     */
    boolean replaceSegments(List<LogSegment> replaced, LogSegment cleaned, long endOffset) throws IOException {
        lock.lock();
        try {
            if (closed || offline) {
                return false;
            }
            for (LogSegment segment : replaced) {
                if (segments.get(segment.baseOffset()) != segment) {
                    return false;
                }
            }
            swapSteps.accept(SegmentSwap.Step.CLEANED_WRITTEN);
            SegmentSwap.commit(dir, cleaned, endOffset);
            try {
                swapSteps.accept(SegmentSwap.Step.COMMITTED);
                segments.put(cleaned.baseOffset(), cleaned);
                for (LogSegment segment : replaced.subList(1, replaced.size())) {
                    segments.remove(segment.baseOffset(), segment);
                }
                long deleteAt = time.milliseconds() + config.fileDeleteDelayMs();
                for (LogSegment segment : replaced) {
                    segment.renameForDeletion();
                    deletedSegments.add(segment, deleteAt);
                    swapSteps.accept(SegmentSwap.Step.OLD_SEGMENT_RENAMED);
                }
                SegmentSwap.renameIndexes(dir, cleaned);
                swapSteps.accept(SegmentSwap.Step.INDEXES_RENAMED);
                SegmentSwap.renameLog(dir, cleaned);
                swapSteps.accept(SegmentSwap.Step.FINISHED);
            } catch (IOException | RuntimeException e) {
                goOffline("the swap of a cleaned segment failed after its commit point", e);
                throw e;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Moves the cleaner checkpoint: everything below {@code offset} is clean. Thread-safe; takes the lock. */
    void markCleanedTo(long offset) throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            dir.writeCleanerCheckpoint(offset);
            cleanedTo = offset;
        } finally {
            lock.unlock();
        }
    }

    /** After a truncation: offsets at and above {@code offset} will hold new, dirty records. */
    private void lowerCleanerCheckpoint(long offset) {
        if (cleanedTo > offset) {
            cleanedTo = offset;
            try {
                dir.writeCleanerCheckpoint(offset);
            } catch (IOException e) {
                // Left higher, the checkpoint makes the next cleaning skip duplicates, never lose records.
                LOG.warning(() -> "Cannot lower the cleaner checkpoint of " + dir.path() + " to " + offset + ": " + e);
            }
        }
    }

    // ================================================================ truncation (replication)

    /**
     * Removes every record at or above {@code offset} (a follower dropping what the leader does
     * not have). The cut is at a batch boundary: a batch containing {@code offset} goes whole.
     * Producer state is rebuilt for the shorter log, and the epochs of the removed batches are
     * forgotten. An offset below the log start empties the log to restart there, as
     * {@link #truncateFullyAndStartAt} does. Thread-safe.
     */
    public void truncateTo(long offset) {
        lock.lock();
        try {
            ensureWritable();
            if (offset >= end.offset()) {
                return;
            }
            if (offset < logStartOffset) {
                truncateFullyAndStartAtLocked(offset);
                return;
            }
            long now = time.milliseconds();
            removeSegments(new ArrayList<>(segments.tailMap(offset, false).values()), now);
            LogSegment active = activeSegment();
            active.truncateTo(offset);
            active.makeActive(config.segmentIndexBytes());
            publishEnd(active.readNextOffset(), active);
            if (end.offset() < logStartOffset) {
                // The cut took the whole batch holding the log start: the log starts, empty, at its end.
                dir.writeLogStartOffset(end.offset());
                logStartOffset = end.offset();
            }
            synchronized (flushLock) {
                recoveryPoint = Math.min(recoveryPoint, end.offset());
            }
            // At once, not at the next maintenance: segments rolled after this point and not yet
            // fsynced would otherwise lie below a stale checkpoint, where recovery does not look.
            checkpointRecoveryPoint();
            rebuildProducerState();
            forgetEpochsFrom(end.offset());
            lowerCleanerCheckpoint(end.offset());
        } catch (IOException e) {
            goOffline("truncation failed", e);
            throw new KafkaStorageException("Cannot truncate " + dir.path() + " to offset " + offset, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Empties the log and restarts it at {@code offset}: log start and log end both become
     * {@code offset} (a follower far behind a leader whose log starts later). Producer state and
     * leader epochs are forgotten. Thread-safe.
     */
    public void truncateFullyAndStartAt(long offset) {
        lock.lock();
        try {
            ensureWritable();
            truncateFullyAndStartAtLocked(offset);
        } catch (IOException e) {
            goOffline("truncation failed", e);
            throw new KafkaStorageException("Cannot empty " + dir.path() + " to restart at offset " + offset, e);
        } finally {
            lock.unlock();
        }
    }

    private void truncateFullyAndStartAtLocked(long offset) throws IOException {
        List<LogSegment> all = new ArrayList<>(segments.values());
        removeSegmentsAndReplace(all, offset);
        checkpointRecoveryPoint();   // as in truncateTo
        producers.clear();
        producerStore.deleteBelow(Long.MAX_VALUE);
        forgetEpochsFrom(0);   // every one
        lowerCleanerCheckpoint(offset);
    }

    private void removeSegmentsAndReplace(List<LogSegment> all, long offset) throws IOException {
        long now = time.milliseconds();
        for (LogSegment segment : all) {
            segment.renameForDeletion();
            deletedSegments.add(segment, now + config.fileDeleteDelayMs());
        }
        LogSegment fresh = LogSegment.open(dir, offset, config.segmentIndexBytes(), true, opener);
        // Readers see the new range before the old segments disappear: a racing read is out of
        // range rather than empty.
        publishEnd(offset, fresh);
        // Written first: a checkpoint above the fresh segment would hide its first records after a restart.
        dir.writeLogStartOffset(offset);
        logStartOffset = offset;
        segments.put(offset, fresh);
        for (LogSegment segment : all) {
            segments.remove(segment.baseOffset(), segment);
        }
        synchronized (flushLock) {
            recoveryPoint = offset;
        }
    }

    // ================================================================ life cycle

    /**
     * Flushes, seals the active segment's indexes, writes the producer snapshot and the recovery
     * point, then marks the shutdown clean so the next open skips recovery. Idempotent.
     * Thread-safe.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (!offline) {
                closeCleanly();
            }
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot close " + dir.path() + " cleanly; the next open recovers it", e);
        } finally {
            deletedSegments.deleteAll();
            closeSegmentsQuietly();
            lock.unlock();
        }
    }

    private void closeCleanly() throws IOException {
        flush();
        activeSegment().onBecomeInactive();
        activeSegment().flush();
        producerStore.write(producers, end.offset(), true);
        checkpointRecoveryPoint();
        dir.writeCleanShutdownMarker();
    }

    /** Closes the log and removes its directory with everything in it. Thread-safe. */
    public void delete() {
        lock.lock();
        try {
            closed = true;
            deletedSegments.deleteAll();
            closeSegmentsQuietly();
            Utils.delete(dir.path().toFile());
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot delete " + dir.path(), e);
        } finally {
            lock.unlock();
        }
    }

    private void closeSegmentsQuietly() {
        for (LogSegment segment : segments.values()) {
            Utils.closeQuietly(segment::close, "segment " + segment);
        }
    }

    private void ensureWritable() {
        if (closed) {
            throw new KafkaStorageException("The log in " + dir.path() + " is closed");
        }
        if (offline) {
            throw new KafkaStorageException("The log in " + dir.path() + " is offline after an I/O failure");
        }
    }

    private void goOffline(String why, Exception cause) {
        offline = true;
        LOG.log(Level.SEVERE, "The log in " + dir.path() + " goes offline: " + why, cause);
    }

    /** Lets a test see the files at each step of a swap, as a crash there would leave them. */
    void observeSwapSteps(java.util.function.Consumer<SegmentSwap.Step> observer) {
        swapSteps = observer;
    }

    /** Whether the log was closed or deleted. */
    boolean isClosed() {
        return closed;
    }

    /** Whether an unrecoverable I/O failure took the log offline. */
    public boolean isOffline() {
        return offline;
    }

    @Override
    public String toString() {
        return "PartitionLog(" + dir.path() + ", offsets [" + logStartOffset + ", " + end.offset() + "))";
    }

    // ---------------------------------------------------------------- for tests in this package

    /**
     * Closes the files as if the process died here: nothing is flushed, sealed or marked, so the
     * next open recovers. Tests simulate crashes with it.
     */
    void closeUncleanly() {
        lock.lock();
        try {
            closed = true;
            closeSegmentsQuietly();
        } finally {
            lock.unlock();
        }
    }

    int deletedSegmentsWaiting() {
        return deletedSegments.size();
    }

    OptionalLong producerLastSequence(long producerId) {
        lock.lock();
        try {
            ProducerEntry entry = producers.get(producerId);
            return entry == null ? OptionalLong.empty() : OptionalLong.of(entry.lastSequence());
        } finally {
            lock.unlock();
        }
    }

    List<LeaderEpochCache.EpochEntry> leaderEpochEntries() {
        lock.lock();
        try {
            return epochs.entries();
        } finally {
            lock.unlock();
        }
    }

    /** The segments, oldest first: tests check their indexes against their files. */
    List<LogSegment> segments() {
        return List.copyOf(segments.values());
    }
}
