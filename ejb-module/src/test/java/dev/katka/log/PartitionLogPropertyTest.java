package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.DuplicateSequenceException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.Utils;

/**
 * Any history of appends (plain and idempotent, some compressed), retries, rolls, flushes,
 * retention, DeleteRecords (to any offset, mid-batch too), replication truncation, clean restarts and crashes that tear or corrupt what was not
 * yet fsynced: the log always holds exactly the acknowledged batches that survived, byte for byte,
 * at their offsets; a read from any offset finds the batch holding it; the indexes agree with a
 * scan of the files; appends continue at the right offset; producers are deduplicated as the
 * batches they wrote say, including those retention or DeleteRecords deleted (KAFKA-7190).
 *
 * <p>A crash damages the last segment's {@code .log} only from the first unflushed batch on (a
 * real crash cannot undo an fsync) and may delete or cut index files. Corrupted bytes skip the
 * partition leader epoch field, and never move a base offset forward: format v2 does not checksum
 * either, and a base offset further on is a legal gap in a follower's log, so no log can notice.
 */
class PartitionLogPropertyTest {

    private static final long PRODUCER = 77L;
    private static final short EPOCH = 0;

    sealed interface Step permits Append, Retry, Flush, Maintain, Roll, Truncate, DeleteRecords, CleanRestart, Crash {
    }

    record Append(int records, int valueBytes, CompressionType codec, boolean idempotent) implements Step {
    }

    /** The producer sends its last batch again, as after a lost response. */
    record Retry() implements Step {
    }

    record Flush() implements Step {
    }

    record Maintain(long advanceMs) implements Step {
    }

    record Roll() implements Step {
    }

    /** Replication truncation to the offset at {@code fraction} of the log. */
    record Truncate(double fraction) implements Step {
    }

    /** DeleteRecords below the offset at {@code fraction} of the log. */
    record DeleteRecords(double fraction) implements Step {
    }

    record CleanRestart() implements Step {
    }

    /**
     * @param cut        where to cut the unflushed part of the last segment (fraction), or negative for no cut
     * @param flips      where to flip bytes in it (fractions)
     * @param indexHarm  0 none, 1 delete a random segment's indexes, 2 cut the active segment's indexes
     * @param pick       a number to choose segments and cut positions with
     */
    record Crash(double cut, List<Double> flips, int indexHarm, int pick) implements Step {
    }

    record Settings(int segmentBytes, int indexIntervalBytes, int indexEntries, long retentionBytes, long retentionMs) {
        LogConfig config() {
            return TestLogConfig.defaults().segmentBytes(segmentBytes).indexIntervalBytes(indexIntervalBytes)
                    .segmentIndexBytes(indexEntries * 12).retentionBytes(retentionBytes).retentionMs(retentionMs)
                    .fileDeleteDelayMs(100).build();
        }
    }

    /** An acknowledged batch as the log must hold it. */
    record Acked(long baseOffset, long lastOffset, ByteBuffer bytes, int firstSequence, int lastSequence) {
        boolean idempotent() {
            return firstSequence >= 0;
        }
    }

    @Property(tries = 80, shrinking = ShrinkingMode.BOUNDED)
    void theLogHoldsExactlyTheAcknowledgedBatchesThatSurvived(@ForAll("settings") Settings settings,
                                                              @ForAll("histories") List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("katka-log-property");
        try {
            new Run(dir, settings).play(steps);
        } finally {
            Utils.delete(dir.toFile());
        }
    }

    @Provide
    Arbitrary<Settings> settings() {
        return Combinators.combine(
                Arbitraries.integers().between(150, 1200),
                Arbitraries.integers().between(1, 400),
                Arbitraries.integers().between(2, 40),
                Arbitraries.of(-1L, 600L, 2000L),
                Arbitraries.of(-1L, 3000L)).as(Settings::new);
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> append = Combinators.combine(Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(0, 200),
                Arbitraries.of(CompressionType.NONE, CompressionType.NONE, CompressionType.GZIP, CompressionType.LZ4,
                        CompressionType.ZSTD, CompressionType.SNAPPY),
                Arbitraries.of(true, false)).as(Append::new);
        Arbitrary<Step> crash = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.just(-1.0), Arbitraries.doubles().between(0, 1)),
                Arbitraries.doubles().between(0, 1).list().ofMaxSize(2),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1000)).as(Crash::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, append),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Retry())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Flush())),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 2000).map(Maintain::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Roll())),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0, 1).map(Truncate::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0, 1).map(DeleteRecords::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new CleanRestart())),
                net.jqwik.api.Tuple.of(2, crash)
        ).list().ofMinSize(1).ofMaxSize(40);
    }

    /** One history against one log and its model. */
    private static final class Run {
        private final Path dir;
        private final LogConfig config;
        private final ManualTime time = new ManualTime();
        private final List<Acked> acked = new ArrayList<>();
        /** The producer's batches the log must remember: deleted records count, lost ones do not. */
        private final List<Acked> producerHistory = new ArrayList<>();
        private long logStartOffset;
        private int nextSequence;
        private MemoryRecords lastSent;
        private PartitionLog log;

        Run(Path dir, Settings settings) {
            this.dir = dir;
            this.config = settings.config();
        }

        void play(List<Step> steps) throws Exception {
            log = PartitionLog.open(dir, config, time, Long.MAX_VALUE);
            try {
                for (Step step : steps) {
                    apply(step);
                    checkInvariants();
                }
                checkAppendsContinue();
            } finally {
                log.close();
            }
        }

        private void apply(Step step) throws Exception {
            if (step instanceof Append append) {
                append(append);
            } else if (step instanceof Retry) {
                retry();
            } else if (step instanceof Flush) {
                log.flush();
            } else if (step instanceof Maintain maintain) {
                maintain(maintain.advanceMs());
            } else if (step instanceof Roll) {
                log.roll();
            } else if (step instanceof Truncate truncate) {
                truncate(truncate.fraction());
            } else if (step instanceof DeleteRecords delete) {
                deleteRecords(delete.fraction());
            } else if (step instanceof CleanRestart) {
                log.close();
                log = PartitionLog.open(dir, config, time, Long.MAX_VALUE);
            } else if (step instanceof Crash crash) {
                crash(crash);
            }
        }

        private void append(Append step) {
            time.advance(1);
            Compression compression = Compression.of(step.codec()).build();
            MemoryRecords records = step.idempotent()
                    ? Batches.build(compression, time.milliseconds(), step.records(), PRODUCER, EPOCH, nextSequence,
                            step.valueBytes())
                    : Batches.build(compression, time.milliseconds(), step.records(), RecordBatch.NO_PRODUCER_ID,
                            (short) -1, -1, step.valueBytes());
            if (step.idempotent()) {
                lastSent = Batches.copy(records);
            }
            sendAndExpectNew(records);
        }

        private void sendAndExpectNew(MemoryRecords records) {
            RecordBatch sent = records.batches().iterator().next();
            LogAppendResult result = log.appendAsLeader(records, 1);
            assertThat(result.duplicate()).isFalse();
            assertThat(result.firstOffset()).isEqualTo(logEndOffset());
            MutableRecordBatch stored = records.batches().iterator().next();
            Acked written = new Acked(result.firstOffset(), result.lastOffset(), Batches.copy(records).buffer(),
                    sent.hasProducerId() ? sent.baseSequence() : -1, sent.hasProducerId() ? sent.lastSequence() : -1);
            acked.add(written);
            if (written.idempotent()) {
                producerHistory.add(written);
            }
            assertThat(stored.lastOffset()).isEqualTo(result.lastOffset());
            if (sent.hasProducerId()) {
                nextSequence = sent.lastSequence() + 1;
            }
        }

        /** The producer's expectations follow from the surviving batches alone. */
        private void retry() {
            if (lastSent == null) {
                return;
            }
            time.advance(1);
            MemoryRecords again = Batches.copy(lastSent);
            RecordBatch batch = again.batches().iterator().next();
            List<Acked> cached = producerBatches();
            Acked original = cached.stream().filter(a -> a.firstSequence() == batch.baseSequence()
                    && a.lastSequence() == batch.lastSequence()).findFirst().orElse(null);
            int expected = cached.isEmpty() ? 0 : cached.get(cached.size() - 1).lastSequence() + 1;
            if (original != null) {
                LogAppendResult result = log.appendAsLeader(again, 1);
                assertThat(result.duplicate()).isTrue();
                assertThat(result.firstOffset()).isEqualTo(original.baseOffset());
                assertThat(result.lastOffset()).isEqualTo(original.lastOffset());
            } else if (batch.baseSequence() == expected) {
                sendAndExpectNew(again);
            } else if (!cached.isEmpty() && batch.lastSequence() < expected) {
                // Written before, but older than the batches whose offsets the log still knows.
                assertThatThrownBy(() -> log.appendAsLeader(again, 1)).isInstanceOf(DuplicateSequenceException.class);
            } else {
                assertThatThrownBy(() -> log.appendAsLeader(again, 1)).isInstanceOf(OutOfOrderSequenceException.class);
            }
        }

        /** The producer's last five batches the log remembers, oldest first. */
        private List<Acked> producerBatches() {
            return producerHistory.subList(Math.max(0, producerHistory.size() - ProducerEntry.CACHED_BATCHES),
                    producerHistory.size());
        }

        private void maintain(long advanceMs) {
            time.advance(advanceMs);
            long before = log.logStartOffset();
            log.runMaintenance();
            long after = log.logStartOffset();
            assertThat(after).isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(logEndOffset());
            dropBelow(after);
        }

        private void dropBelow(long newStart) {
            if (newStart == logStartOffset) {
                return;
            }
            assertThat(acked.stream().anyMatch(a -> a.baseOffset() == newStart) || newStart == logEndOffset())
                    .as("log start %d is a batch boundary", newStart).isTrue();
            acked.removeIf(a -> a.baseOffset() < newStart);
            logStartOffset = newStart;
        }

        private void deleteRecords(double fraction) {
            long target = logStartOffset + (long) (fraction * (logEndOffset() - logStartOffset));
            assertThat(log.advanceLogStartOffset(target)).isEqualTo(target);
            // A batch the new start cuts stays, read from the start on.
            acked.removeIf(a -> a.lastOffset() < target);
            logStartOffset = target;
        }

        private void truncate(double fraction) {
            long target = logStartOffset + (long) (fraction * (logEndOffset() - logStartOffset));
            log.truncateTo(target);
            lose(a -> a.lastOffset() >= target);
        }

        /**
         * Batches gone from the tail (truncated, or torn by a crash): the producer forgets them too,
         * and a log start they held falls back to the new end.
         */
        private void lose(java.util.function.Predicate<Acked> lost) {
            acked.stream().filter(lost).findFirst()
                    .ifPresent(first -> logStartOffset = Math.min(logStartOffset, first.baseOffset()));
            acked.removeIf(lost);
            producerHistory.removeIf(lost);
            resetSequenceFromSurvivors();
        }

        private void resetSequenceFromSurvivors() {
            List<Acked> mine = producerBatches();
            nextSequence = mine.isEmpty() ? 0 : mine.get(mine.size() - 1).lastSequence() + 1;
        }

        private void crash(Crash crash) throws IOException {
            long flushedBelow = log.recoveryPoint();
            List<LogSegment> segments = log.segments();
            long lastBase = segments.get(segments.size() - 1).baseOffset();
            log.closeUncleanly();
            PartitionDirectory files = new PartitionDirectory(dir);
            // Deleted records still in the segment count: recovery cuts what is torn, deleted or not.
            List<long[]> layout = batchLayout(files.logFile(lastBase));

            long firstDamaged = damageLastSegment(files.logFile(lastBase), flushedBelow, crash);
            harmIndexes(files, segments, crash);

            long newEnd = layout.stream().filter(b -> b[0] + b[1] > firstDamaged).mapToLong(b -> b[2])
                    .findFirst().orElse(Long.MAX_VALUE);
            logStartOffset = Math.min(logStartOffset, newEnd);
            lose(a -> a.baseOffset() >= newEnd);
            log = PartitionLog.open(dir, config, time, Long.MAX_VALUE);
        }

        /** Damages bytes at or after the first unflushed batch; returns the first damaged position. */
        private long damageLastSegment(Path file, long flushedBelow, Crash crash) throws IOException {
            List<long[]> batches = batchLayout(file);   // {position, size, baseOffset}
            long size = Files.size(file);
            long from = batches.stream().filter(b -> b[2] >= flushedBelow).mapToLong(b -> b[0]).findFirst().orElse(size);
            long firstDamaged = Long.MAX_VALUE;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                long cutAt = size;
                if (crash.cut() >= 0 && from < size) {
                    cutAt = from + (long) (crash.cut() * (size - from));
                    raf.setLength(cutAt);
                    firstDamaged = cutAt;
                }
                java.util.Set<Long> flipped = new java.util.HashSet<>();
                for (double flip : crash.flips()) {
                    long position = from + (long) (flip * (size - from));
                    // Flipping a byte twice would restore it: each position is damaged once.
                    if (position >= cutAt || inLeaderEpochField(batches, position)
                            || movesABaseOffsetForward(batches, position, raf) || !flipped.add(position)) {
                        continue;
                    }
                    raf.seek(position);
                    int value = raf.read();
                    raf.seek(position);
                    raf.write(value ^ 0xA5);
                    firstDamaged = Math.min(firstDamaged, position);
                }
            }
            return firstDamaged;
        }

        private static boolean inLeaderEpochField(List<long[]> batches, long position) {
            return batches.stream().anyMatch(b -> position >= b[0] + 12 && position < b[0] + 16);
        }

        /** Whether flipping the byte at {@code position} would make a batch's base offset larger. */
        private static boolean movesABaseOffsetForward(List<long[]> batches, long position, RandomAccessFile raf)
                throws IOException {
            for (long[] batch : batches) {
                // A batch already cut inside its base offset is torn whatever the flip does.
                if (position >= batch[0] && position < batch[0] + 8 && batch[0] + 8 <= raf.length()) {
                    byte[] field = new byte[8];
                    raf.seek(batch[0]);
                    raf.readFully(field);
                    long before = ByteBuffer.wrap(field).getLong();
                    field[(int) (position - batch[0])] ^= (byte) 0xA5;
                    return ByteBuffer.wrap(field).getLong() > before;
                }
            }
            return false;
        }

        private void harmIndexes(PartitionDirectory files, List<LogSegment> segments, Crash crash) throws IOException {
            long victim = segments.get(crash.pick() % segments.size()).baseOffset();
            long active = segments.get(segments.size() - 1).baseOffset();
            switch (crash.indexHarm()) {
                case 1 -> {
                    Files.deleteIfExists(files.offsetIndexFile(victim));
                    Files.deleteIfExists(files.timeIndexFile(victim));
                }
                case 2 -> {
                    for (Path index : List.of(files.offsetIndexFile(active), files.timeIndexFile(active))) {
                        try (RandomAccessFile raf = new RandomAccessFile(index.toFile(), "rw")) {
                            raf.setLength(raf.length() * crash.pick() / 1000);
                        }
                    }
                }
                default -> {
                }
            }
        }

        private static List<long[]> batchLayout(Path file) throws IOException {
            List<long[]> layout = new ArrayList<>();
            try (FileRecords records = FileRecords.open(file.toFile(), false)) {
                for (FileChannelRecordBatch batch : records.batches()) {
                    layout.add(new long[] {batch.position(), batch.sizeInBytes(), batch.baseOffset()});
                }
            }
            return layout;
        }

        private long logEndOffset() {
            return acked.isEmpty() ? logStartOffset : acked.get(acked.size() - 1).lastOffset() + 1;
        }

        private void checkInvariants() throws IOException {
            assertThat(log.logStartOffset()).as("log start").isEqualTo(logStartOffset);
            assertThat(log.logEndOffset()).as("log end").isEqualTo(logEndOffset());
            checkEveryOffsetReadsItsBatch();
            checkIndexesAgreeWithTheFiles();
        }

        private void checkEveryOffsetReadsItsBatch() {
            for (Acked batch : acked) {
                for (long offset = Math.max(batch.baseOffset(), logStartOffset); offset <= batch.lastOffset(); offset++) {
                    FileSlice slice = log.read(offset, 1, Long.MAX_VALUE, true).records();
                    assertThat(slice.toMemoryRecords().buffer()).as("batch read at offset %d", offset)
                            .isEqualTo(batch.bytes().duplicate());
                }
            }
            MemoryRecords all = readEverything();
            assertThat(all.sizeInBytes()).isEqualTo(acked.stream().mapToInt(a -> a.bytes().remaining()).sum());
        }

        private MemoryRecords readEverything() {
            List<ByteBuffer> parts = new ArrayList<>();
            long next = log.logStartOffset();
            int total = 0;
            while (next < log.logEndOffset()) {
                MemoryRecords part = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
                assertThat(part.sizeInBytes()).isPositive();
                for (RecordBatch batch : part.batches()) {
                    next = batch.nextOffset();
                }
                parts.add(part.buffer());
                total += part.sizeInBytes();
            }
            ByteBuffer joined = ByteBuffer.allocate(total);
            parts.forEach(joined::put);
            return MemoryRecords.readableRecords(joined.flip());
        }

        private void checkIndexesAgreeWithTheFiles() {
            log.segments().forEach(IndexChecks::assertIndexesAgreeWithTheFile);
        }

        private void checkAppendsContinue() {
            append(new Append(2, 10, CompressionType.NONE, true));
            checkEveryOffsetReadsItsBatch();
        }
    }
}
