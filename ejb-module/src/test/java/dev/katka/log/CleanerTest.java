package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.log.LogContents.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One cleaning pass over a compacted log, and what readers, producers and restarts find after it. */
class CleanerTest {

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private PartitionLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open(TestLogConfig config) {
        log = PartitionLog.open(dir, config.cleanupPolicy(false, true).build(), time);
        return log;
    }

    private Cleaner cleaner() {
        return new Cleaner(1024 * 1024, 4096, time, () -> false);
    }

    private long append(String... keysAndValues) {
        return log.appendAsLeader(Batches.keyed(time.milliseconds(), keysAndValues), 0).firstOffset();
    }

    private Cleaner.Result clean() throws Exception {
        return cleaner().clean(log, Long.MAX_VALUE);
    }

    @Test
    void keepsTheLatestRecordOfEveryKeyAtItsOriginalOffset() throws Exception {
        open(TestLogConfig.defaults());
        append("a", "a1", "b", "b1");
        log.roll();
        append("a", "a2", "c", "c1");
        log.roll();
        append("b", "b2");
        log.roll();

        Cleaner.Result result = clean();

        assertThat(LogContents.read(log)).containsExactly(
                new Entry(2, "a", "a2"), new Entry(3, "c", "c1"), new Entry(4, "b", "b2"));
        assertThat(result.cleanedTo()).isEqualTo(5);
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(append("d", "d1")).as("appends continue at the log end").isEqualTo(5);
    }

    @Test
    void aKeyRepeatedInABatchTakesOnePlaceInTheOffsetMap() throws Exception {
        open(TestLogConfig.defaults());
        append("a", "a1", "b", "b1", "c", "c1", "a", "a2");
        log.roll();
        Cleaner threeKeys = new Cleaner(OffsetMap.bytesFor(2), 4096, time, () -> false);   // holds 3 keys

        threeKeys.clean(log, Long.MAX_VALUE);

        assertThat(LogContents.read(log)).containsExactly(
                new Entry(1, "b", "b1"), new Entry(2, "c", "c1"), new Entry(3, "a", "a2"));
    }

    @Test
    void aBatchWithMoreKeysThanTheOffsetMapHoldsFailsTheCleaningNamingTheSetting() throws Exception {
        open(TestLogConfig.defaults());
        append("a", "a1", "b", "b1", "c", "c1", "d", "d1");
        log.roll();
        Cleaner threeKeys = new Cleaner(OffsetMap.bytesFor(2), 4096, time, () -> false);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> threeKeys.clean(log, Long.MAX_VALUE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("log.cleaner.dedupe.buffer.size holds 3 keys");
        assertThat(LogContents.read(log)).hasSize(4);
    }

    @Test
    void leavesTheActiveSegmentAsItIs() throws Exception {
        open(TestLogConfig.defaults());
        append("a", "a1");
        log.roll();
        append("a", "a2", "a", "a3");

        clean();

        assertThat(LogContents.read(log)).containsExactly(
                new Entry(0, "a", "a1"), new Entry(1, "a", "a2"), new Entry(2, "a", "a3"));
    }

    @Test
    void mergesSmallSegmentsIntoOneAndRebuildsItsIndexes() throws Exception {
        open(TestLogConfig.defaults().indexIntervalBytes(1));
        for (int i = 0; i < 6; i++) {
            append("k" + i, "v" + i, "dup", "d" + i);
            log.roll();
        }

        clean();

        assertThat(log.segmentCount()).isEqualTo(2);
        LogSegment cleaned = log.segments().get(0);
        assertThat(cleaned.hasConsistentIndexes()).isTrue();
        IndexChecks.assertIndexesAgreeWithTheFile(cleaned);
        assertThat(cleaned.offsetIndex().entries()).isPositive();
        for (long offset : new long[] {0, 4, 10, 11}) {
            assertThat(log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords()
                    .batches().iterator().next().lastOffset()).isGreaterThanOrEqualTo(offset);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".cleaned") || name.endsWith(".swap"));
        }
    }

    @Test
    void keepsTombstonesForDeleteRetentionAfterTheCleaningThatFirstSawThemThenRemovesThem() throws Exception {
        open(TestLogConfig.defaults().deleteRetentionMs(DAY_MS));
        append("a", "a1", "b", "b1");
        append("a", null);
        log.roll();

        clean();
        assertThat(LogContents.read(log)).as("the tombstone hides a1 and stays")
                .containsExactly(new Entry(1, "b", "b1"), new Entry(2, "a", null));

        time.advance(DAY_MS - 1);
        clean();
        assertThat(LogContents.read(log)).contains(new Entry(2, "a", null));

        time.advance(1);
        Cleaner.Result result = clean();
        assertThat(LogContents.read(log)).containsExactly(new Entry(1, "b", "b1"));
        assertThat(result.earliestTombstoneHorizon()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void cleansInSeveralPassesWhenTheDirtyKeysDoNotFitTheOffsetMap() throws Exception {
        open(TestLogConfig.defaults());
        for (int version = 0; version < 3; version++) {
            for (int key = 0; key < 40; key++) {
                append("k" + key, "v" + version);
            }
            log.roll();
        }
        Cleaner small = new Cleaner(OffsetMap.bytesFor(10), 4096, time, () -> false);

        int passes = 0;
        long cleanedTo;
        do {
            cleanedTo = small.clean(log, Long.MAX_VALUE).cleanedTo();
            passes++;
        } while (cleanedTo < log.logEndOffset());

        assertThat(passes).isGreaterThan(5);
        List<Entry> contents = LogContents.read(log);
        assertThat(contents).hasSize(40).allMatch(entry -> entry.value().equals("v2"));
        assertThat(contents).extracting(Entry::offset).isSorted().allMatch(offset -> offset >= 80);
    }

    @Test
    void leavesWhatIsNotWhollyBelowTheHighWatermarkDirty() throws Exception {
        open(TestLogConfig.defaults());
        append("a", "a1");
        log.roll();
        append("a", "a2");
        log.roll();
        append("a", "a3");
        log.roll();

        cleaner().clean(log, 2);
        assertThat(LogContents.read(log)).extracting(Entry::value).containsExactly("a2", "a3");

        cleaner().clean(log, Long.MAX_VALUE);
        assertThat(LogContents.read(log)).extracting(Entry::value).containsExactly("a3");
    }

    @Test
    void leavesRecordsYoungerThanTheMinimumCompactionLagDirty() throws Exception {
        open(TestLogConfig.defaults().minCompactionLagMs(1000));
        append("a", "a1");
        log.roll();
        time.advance(2000);
        append("a", "a2");
        log.roll();

        clean();
        assertThat(LogContents.read(log)).extracting(Entry::value).containsExactly("a1", "a2");

        time.advance(1000);
        clean();
        assertThat(LogContents.read(log)).extracting(Entry::value).containsExactly("a2");
    }

    @Test
    void compactDeleteAlsoDeletesOldSegmentsByRetention() throws Exception {
        log = PartitionLog.open(dir, TestLogConfig.defaults().cleanupPolicy(true, true).retentionMs(DAY_MS)
                .fileDeleteDelayMs(0).build(), time);
        append("a", "a1", "b", "b1");
        log.roll();
        clean();
        time.advance(DAY_MS + 1);
        append("c", "c1");

        log.runMaintenance();

        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(LogContents.read(log)).containsExactly(new Entry(2, "c", "c1"));
    }

    @Test
    void keepsTheLastBatchOfAnIdempotentProducerEmptySoItsRetryIsStillADuplicate() throws Exception {
        open(TestLogConfig.defaults());
        long producer = 42;
        MemoryRecords last = Batches.keyed(producer, (short) 0, 0, time.milliseconds(), "a", "a1");
        log.appendAsLeader(Batches.copy(last), 0);
        append("a", "a2");
        log.roll();

        clean();
        log.close();
        // Without snapshots the producer state is rebuilt from the batches alone.
        try (Stream<Path> snapshots = Files.list(dir)) {
            for (Path snapshot : snapshots.filter(path -> path.toString().endsWith(".snapshot")).toList()) {
                Files.delete(snapshot);
            }
        }
        log = PartitionLog.open(dir, log.config(), time);

        assertThat(LogContents.read(log)).containsExactly(new Entry(1, "a", "a2"));
        MemoryRecords first = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
        RecordBatch kept = first.batches().iterator().next();
        assertThat(kept.baseOffset()).isZero();
        assertThat(kept.countOrNull()).isZero();
        assertThat(kept.producerId()).isEqualTo(producer);
        LogAppendResult retry = log.appendAsLeader(Batches.copy(last), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isZero();
    }

    @Test
    void dropsEmptiedBatchesOfProducersThatWroteAgainLater() throws Exception {
        open(TestLogConfig.defaults());
        long producer = 42;
        log.appendAsLeader(Batches.keyed(producer, (short) 0, 0, time.milliseconds(), "a", "a1"), 0);
        log.appendAsLeader(Batches.keyed(producer, (short) 0, 1, time.milliseconds(), "a", "a2"), 0);
        log.roll();

        clean();

        MemoryRecords all = log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
        assertThat(all.batches()).hasSize(1);
        assertThat(log.producerLastSequence(producer)).hasValue(1);
    }

    @Test
    void resumesFromItsCheckpointAfterARestart() throws Exception {
        open(TestLogConfig.defaults());
        append("a", "a1");
        log.roll();
        clean();
        log.close();
        log = PartitionLog.open(dir, log.config(), time);

        DirtyRange range = log.dirtyRange(Long.MAX_VALUE, time.milliseconds());

        assertThat(range.firstDirtyOffset()).isEqualTo(1);
        assertThat(range.dirtyBytes()).isZero();
        assertThat(range.needsCleaning(log.config())).isFalse();
    }
}
