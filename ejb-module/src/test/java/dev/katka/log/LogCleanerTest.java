package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.log.LogContents.Entry;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background cleaner: which log it takes, what a failing log does to the others, and readers meanwhile. */
class LogCleanerTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private final List<PartitionLog> logs = new ArrayList<>();

    @AfterEach
    void closeLogs() {
        logs.forEach(PartitionLog::close);
    }

    private PartitionLog open(String name, TestLogConfig config) {
        PartitionLog log = PartitionLog.open(dir.resolve(name), config.build(), time);
        logs.add(log);
        return log;
    }

    private static TestLogConfig compacted() {
        return TestLogConfig.defaults().cleanupPolicy(false, true);
    }

    private LogCleaner cleanerOf(PartitionLog... cleaned) {
        List<LogCleaner.Target> targets = new ArrayList<>();
        for (PartitionLog log : cleaned) {
            targets.add(new LogCleaner.Target(log, () -> Long.MAX_VALUE));
        }
        return new LogCleaner(() -> targets, new LogCleaner.Settings(1024 * 1024, 4096, 10), Thread::new, time);
    }

    private void appendVersions(PartitionLog log, int versions) {
        for (int v = 0; v < versions; v++) {
            log.appendAsLeader(Batches.keyed(time.milliseconds(), "a", "a" + v, "b", "b" + v), 0);
            log.roll();
        }
    }

    /** A log cleaned once, then as many bytes appended again as it holds: half dirty. */
    private PartitionLog halfDirty(String name, TestLogConfig config) throws Exception {
        PartitionLog log = open(name, config);
        appendVersions(log, 2);
        new Cleaner(1024 * 1024, 4096, time, () -> false).clean(log, Long.MAX_VALUE);
        appendVersions(log, 1);
        return log;
    }

    @Test
    void takesTheDirtiestLogFirstAndOnlyCompactedLogsAsDirtyAsTheirMinimumRatio() throws Exception {
        PartitionLog halfDirty = halfDirty("half-0", compacted().minCleanableDirtyRatio(0.5));
        PartitionLog notDirtyEnough = halfDirty("strict-0", compacted().minCleanableDirtyRatio(0.6));
        PartitionLog allDirty = open("all-0", compacted().minCleanableDirtyRatio(0.5));
        allDirty.appendAsLeader(Batches.keyed(time.milliseconds(), "a", "a0", "a", "a1", "a", "a2"), 0);
        allDirty.roll();
        PartitionLog notCompacted = open("plain-0", TestLogConfig.defaults());
        appendVersions(notCompacted, 3);
        LogCleaner cleaner = cleanerOf(halfDirty, notDirtyEnough, allDirty, notCompacted);

        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(LogContents.read(allDirty)).containsExactly(new Entry(2, "a", "a2"));
        assertThat(LogContents.read(halfDirty)).hasSize(4);

        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(LogContents.read(halfDirty)).extracting(Entry::value).containsExactly("a0", "b0");

        assertThat(cleaner.cleanOnce()).as("nothing else is dirty enough").isFalse();
        assertThat(LogContents.read(notDirtyEnough)).hasSize(4);
        assertThat(LogContents.read(notCompacted)).hasSize(6);
    }

    @Test
    void cleansALogPastItsMaximumCompactionLagWhateverItsRatio() throws Exception {
        PartitionLog log = halfDirty("lagging-0", compacted().minCleanableDirtyRatio(0.9).maxCompactionLagMs(60_000));
        LogCleaner cleaner = cleanerOf(log);
        assertThat(cleaner.cleanOnce()).isFalse();

        time.advance(60_001);

        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(LogContents.read(log)).extracting(Entry::value).containsExactly("a0", "b0");
    }

    @Test
    void aLogWithACorruptBatchIsSkippedAndTheOthersAreStillCleaned() throws Exception {
        PartitionLog corrupt = open("corrupt-0", compacted());
        PartitionLog healthy = open("healthy-0", compacted());
        appendVersions(corrupt, 3);
        appendVersions(healthy, 2);
        try (RandomAccessFile file = new RandomAccessFile(corrupt.dir().resolve(PartitionDirectory.fileName(0, ".log"))
                .toFile(), "rw")) {
            file.seek(file.length() - 3);
            file.write('X');
        }
        LogCleaner cleaner = cleanerOf(corrupt, healthy);

        assertThat(cleaner.cleanOnce()).as("the corrupt log, as dirty and first, fails").isFalse();
        assertThat(cleaner.cleanOnce()).as("the healthy one is cleaned").isTrue();
        assertThat(cleaner.cleanOnce()).as("the corrupt one is not tried again").isFalse();

        assertThat(LogContents.read(healthy)).extracting(Entry::value).containsExactly("a1", "b1");
        assertThat(corrupt.isOffline()).isFalse();
        assertThat(corrupt.segmentCount()).isEqualTo(4);
    }

    @Test
    void removesTombstonesOnceTheirHorizonPassesEvenWithoutNewDirtyRecords() {
        PartitionLog log = open("tombstones-0", compacted().deleteRetentionMs(1000));
        log.appendAsLeader(Batches.keyed(time.milliseconds(), "a", "a0", "b", "b0", "a", null), 0);
        log.roll();
        LogCleaner cleaner = cleanerOf(log);
        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(LogContents.read(log)).containsExactly(new Entry(1, "b", "b0"), new Entry(2, "a", null));
        assertThat(cleaner.cleanOnce()).isFalse();

        time.advance(1000);

        assertThat(cleaner.cleanOnce()).isTrue();
        assertThat(LogContents.read(log)).containsExactly(new Entry(1, "b", "b0"));
    }

    @Test
    void readersSeeWholeBatchesInOffsetOrderWhileTheCleanerSwapsSegments() throws Exception {
        int batchSize = Batches.keyed(0, "k0", "v0").sizeInBytes();
        PartitionLog log = open("busy-0", compacted().segmentBytes(batchSize * 3).indexIntervalBytes(64)
                .fileDeleteDelayMs(1000));
        Cleaner cleaner = new Cleaner(1024 * 1024, 4096, time, () -> false);
        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread reader = new Thread(() -> readUntilDone(log, writing, failures), "reader-" + i);
            readers.add(reader);
            reader.start();
        }
        try {
            for (int i = 0; i < 200; i++) {
                log.appendAsLeader(Batches.keyed(time.milliseconds(), "k" + (i % 7), "v" + i), 0);
                if (i % 10 == 0) {
                    cleaner.clean(log, Long.MAX_VALUE);
                    time.advance(100);
                    log.runMaintenance();
                }
            }
        } finally {
            writing.set(false);
            for (Thread reader : readers) {
                reader.join();
            }
        }

        assertThat(failures).isEmpty();
        assertThat(log.logEndOffset()).isEqualTo(200);
    }

    private static void readUntilDone(PartitionLog log, AtomicBoolean writing, Queue<Throwable> failures) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long reads = 0;
        while ((writing.get() || reads < 100) && failures.isEmpty()) {
            long end = log.logEndOffset();
            long offset = end > 0 ? random.nextLong(end) : 0;
            try {
                MemoryRecords records = log.read(offset, random.nextInt(1, 2000), Long.MAX_VALUE, true)
                        .records().toMemoryRecords();
                long previous = -1;
                int bytes = 0;
                for (RecordBatch batch : records.batches()) {
                    batch.ensureValid();
                    assertThat(batch.lastOffset()).isGreaterThanOrEqualTo(offset).isGreaterThan(previous);
                    for (Record record : batch) {
                        assertThat(record.offset()).isGreaterThan(previous);
                        assertThat(record.key()).isNotNull();
                        previous = record.offset();
                    }
                    previous = Math.max(previous, batch.lastOffset());
                    bytes += batch.sizeInBytes();
                }
                assertThat(bytes).as("whole batches only").isEqualTo(records.sizeInBytes());
            } catch (Throwable e) {
                failures.add(e);
            }
            reads++;
        }
    }
}
