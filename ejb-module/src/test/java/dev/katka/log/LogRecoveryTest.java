package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What opening a log after a crash, or with damaged files, brings back. */
class LogRecoveryTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private PartitionLog log;
    private final int batchSize = Batches.records(0, 2).sizeInBytes();

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open(TestLogConfig config) {
        log = PartitionLog.open(dir, config.build(), time);
        return log;
    }

    private void appendBatches(int batches) {
        for (int i = 0; i < batches; i++) {
            log.appendAsLeader(Batches.records(time.milliseconds() + i, 2), 0);
        }
    }

    private List<Long> allOffsets() {
        MemoryRecords records = MemoryRecords.EMPTY;
        List<Long> offsets = new java.util.ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            records = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
            offsets.addAll(Batches.offsets(records));
            next = offsets.get(offsets.size() - 1) + 1;
        }
        return offsets;
    }

    private Path logFile(long base) {
        return dir.resolve(PartitionDirectory.fileName(base, ".log"));
    }

    private void flipByte(Path file, long position) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0xff);
        }
    }

    private void cut(Path file, long size) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    @Test
    void aTornTailIsTruncatedAndAppendsContinueAfterTheLastWholeBatch() throws Exception {
        open(TestLogConfig.defaults());
        appendBatches(5);
        log.closeUncleanly();
        cut(logFile(0), 5L * batchSize - 10);

        open(TestLogConfig.defaults());

        assertThat(log.logEndOffset()).isEqualTo(8);
        assertThat(Files.size(logFile(0))).isEqualTo(4L * batchSize);
        assertThat(log.appendAsLeader(Batches.records(time.milliseconds(), 1), 0).firstOffset()).isEqualTo(8);
        assertThat(allOffsets()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @Test
    void aCorruptBatchEndsTheLogThere() throws Exception {
        open(TestLogConfig.defaults());
        appendBatches(5);
        log.closeUncleanly();
        flipByte(logFile(0), 2L * batchSize + batchSize - 3);   // inside the third batch's records

        open(TestLogConfig.defaults());

        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(allOffsets()).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void aDamagedBaseOffsetGoingBackEndsTheLogButOneJumpingForwardPassesForAGap() throws Exception {
        open(TestLogConfig.defaults());
        appendBatches(3);
        log.closeUncleanly();
        flipByte(logFile(0), 2L * batchSize + 7);   // the third batch's base offset, low byte: 4 becomes 251
        flipByte(logFile(0), batchSize + 7);        // the second's: 2 becomes 253, beyond the third

        open(TestLogConfig.defaults());

        assertThat(allOffsets()).containsExactly(0L, 1L, 253L, 254L);
        assertThat(log.logEndOffset()).isEqualTo(255);
    }

    @Test
    void aCorruptBaseOffsetFarOutIsCaught() throws Exception {
        open(TestLogConfig.defaults());
        appendBatches(3);
        log.closeUncleanly();
        flipByte(logFile(0), batchSize + 3);   // the second batch's base offset: 2 becomes 2 + 255 * 2^32

        open(TestLogConfig.defaults());

        assertThat(allOffsets()).containsExactly(0L, 1L);
    }

    @Test
    void gapsBetweenBatchesAreKept() throws Exception {
        // A follower's log as a compacted leader would have sent it: offsets ascend with gaps.
        MemoryRecords withGaps = Batches.concat(Batches.leaderBatch(0, 1, 2), Batches.leaderBatch(5, 1, 2),
                Batches.leaderBatch(100, 2, 1));
        Files.createDirectories(dir);
        try (FileChannel file = FileChannel.open(logFile(0), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            file.write(withGaps.buffer());
        }

        open(TestLogConfig.defaults());

        assertThat(allOffsets()).containsExactly(0L, 1L, 5L, 6L, 100L);
        assertThat(log.logEndOffset()).isEqualTo(101);
        assertThat(Batches.offsets(log.read(3, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords()))
                .startsWith(5L, 6L);
    }

    @Test
    void segmentsAfterACorruptOneAreRemoved() throws Exception {
        open(TestLogConfig.defaults().segmentBytes(batchSize * 2));
        appendBatches(6);   // segments [0,4) [4,8) [8,12)
        log.closeUncleanly();
        flipByte(logFile(4), batchSize + 30);

        open(TestLogConfig.defaults().segmentBytes(batchSize * 2));

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(Files.exists(logFile(8))).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(6);
        assertThat(log.appendAsLeader(Batches.records(time.milliseconds(), 1), 0).firstOffset()).isEqualTo(6);
    }

    @Test
    void flushedSegmentsBelowTheRecoveryPointAreNotRescanned() throws Exception {
        open(TestLogConfig.defaults().segmentBytes(batchSize * 2).flushMs(0));
        appendBatches(6);
        log.runMaintenance();   // flushes and checkpoints the recovery point at 12
        log.closeUncleanly();
        flipByte(logFile(0), batchSize + 30);   // bit rot in fsynced data is not what recovery looks for

        open(TestLogConfig.defaults().segmentBytes(batchSize * 2));

        assertThat(log.logEndOffset()).isEqualTo(12);
        assertThat(log.segmentCount()).isEqualTo(3);
    }

    @Test
    void withoutACheckpointEverySegmentIsRescanned() throws Exception {
        open(TestLogConfig.defaults().segmentBytes(batchSize * 2));
        appendBatches(6);
        log.closeUncleanly();
        flipByte(logFile(0), batchSize + 30);

        open(TestLogConfig.defaults().segmentBytes(batchSize * 2));

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.segmentCount()).isEqualTo(1);
    }

    @Test
    void missingIndexesAreRebuilt() throws Exception {
        TestLogConfig config = TestLogConfig.defaults().segmentBytes(batchSize * 4).indexIntervalBytes(1);
        open(config);
        appendBatches(6);
        long maxTimestamp = log.maxTimestampAndOffset().orElseThrow().timestamp;
        log.close();
        Files.delete(dir.resolve(PartitionDirectory.fileName(0, ".index")));
        Files.delete(dir.resolve(PartitionDirectory.fileName(0, ".timeindex")));

        open(config);

        assertThat(Files.size(dir.resolve(PartitionDirectory.fileName(0, ".index")))).isEqualTo(3 * 8);
        assertThat(log.maxTimestampAndOffset().orElseThrow().timestamp).isEqualTo(maxTimestamp);
        assertThat(log.offsetForTimestamp(time.milliseconds() + 2).orElseThrow().offset).isEqualTo(4);
        assertThat(allOffsets()).hasSize(12);
    }

    @Test
    void anIndexThatDoesNotFitItsLogIsRebuiltEvenAfterACleanShutdown() throws Exception {
        TestLogConfig config = TestLogConfig.defaults().indexIntervalBytes(1);
        open(config);
        appendBatches(4);
        log.close();
        Path index = dir.resolve(PartitionDirectory.fileName(0, ".index"));
        byte[] garbage = Files.readAllBytes(index);
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37);
        }
        Files.write(index, garbage);

        open(config);

        for (long offset = 0; offset < 8; offset++) {
            MemoryRecords records = log.read(offset, 1, Long.MAX_VALUE, true).records().toMemoryRecords();
            assertThat(Batches.offsets(records)).contains(offset);
        }
    }

    @Test
    void theActiveSegmentsPreallocatedIndexIsTrimmedOnCloseAndRecoveredAfterACrash() throws Exception {
        TestLogConfig config = TestLogConfig.defaults().indexIntervalBytes(1).segmentIndexBytes(4096);
        open(config);
        appendBatches(4);
        Path index = dir.resolve(PartitionDirectory.fileName(0, ".index"));
        assertThat(Files.size(index)).isEqualTo(4096);
        log.closeUncleanly();

        open(config);
        assertThat(allOffsets()).hasSize(8);
        log.close();

        assertThat(Files.size(index)).isEqualTo(3 * 8);
        assertThat(Files.size(dir.resolve(PartitionDirectory.fileName(0, ".timeindex")))).isEqualTo(3 * 12);   // the last entry already holds the largest timestamp
    }

    @Test
    void leftoversOfInterruptedDeletionsAreRemovedOnOpen() throws Exception {
        open(TestLogConfig.defaults());
        appendBatches(1);
        log.close();
        Files.writeString(dir.resolve(PartitionDirectory.fileName(0, ".log.deleted")), "old");
        Files.writeString(dir.resolve("recovery-point.tmp"), "half");

        open(TestLogConfig.defaults());

        assertThat(Files.exists(dir.resolve(PartitionDirectory.fileName(0, ".log.deleted")))).isFalse();
        assertThat(Files.exists(dir.resolve("recovery-point.tmp"))).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(2);
    }
}
