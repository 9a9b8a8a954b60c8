package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock-free reads while one thread appends, rolls and deletes old segments. */
class ConcurrentReadTest {

    @TempDir
    Path dir;

    @Test
    void readersOnlyEverSeeWholeValidBatchesHoldingTheOffsetTheyAskedFor() throws Exception {
        int batchSize = Batches.records(0, 3).sizeInBytes();
        ManualTime time = new ManualTime();
        PartitionLog log = PartitionLog.open(dir, TestLogConfig.defaults().segmentBytes(batchSize * 4)
                .retentionBytes(batchSize * 12L).indexIntervalBytes(64).build(), time);
        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread reader = new Thread(() -> readUntilDone(log, writing, failures), "reader-" + i);
            readers.add(reader);
            reader.start();
        }

        try {
            for (int i = 0; i < 600; i++) {
                log.appendAsLeader(Batches.records(time.milliseconds(), 3), 0);
                if (i % 20 == 0) {
                    log.runMaintenance();
                }
            }
        } finally {
            writing.set(false);
            for (Thread reader : readers) {
                reader.join();
            }
            log.close();
        }

        assertThat(failures).isEmpty();
        assertThat(log.logEndOffset()).isEqualTo(1800);
        assertThat(log.logStartOffset()).isPositive();
    }

    private static void readUntilDone(PartitionLog log, AtomicBoolean writing, Queue<Throwable> failures) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long reads = 0;
        while ((writing.get() || reads < 100) && failures.isEmpty()) {
            long start = log.logStartOffset();
            long end = log.logEndOffset();
            long offset = start + (end > start ? random.nextLong(end - start) : 0);
            try {
                MemoryRecords records = log.read(offset, random.nextInt(1, 2000), Long.MAX_VALUE, true)
                        .records().toMemoryRecords();
                check(records, offset, end);
            } catch (OffsetOutOfRangeException e) {
                if (offset >= log.logStartOffset()) {
                    failures.add(e);
                }
            } catch (Throwable e) {
                failures.add(e);
            }
            reads++;
        }
    }

    private static void check(MemoryRecords records, long offset, long endBeforeRead) {
        long expectedNext = -1;
        int bytes = 0;
        for (RecordBatch batch : records.batches()) {
            batch.ensureValid();
            if (expectedNext < 0) {
                assertThat(batch.baseOffset()).isLessThanOrEqualTo(offset);
                assertThat(batch.lastOffset()).isGreaterThanOrEqualTo(offset);
            } else {
                assertThat(batch.baseOffset()).isEqualTo(expectedNext);
            }
            expectedNext = batch.nextOffset();
            bytes += batch.sizeInBytes();
        }
        assertThat(bytes).as("whole batches only").isEqualTo(records.sizeInBytes());
        if (offset < endBeforeRead) {
            assertThat(records.sizeInBytes()).isPositive();
        }
    }
}
