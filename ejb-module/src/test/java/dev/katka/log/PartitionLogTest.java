package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionLogTest {

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
        log = PartitionLog.open(dir, config.build(), time);
        return log;
    }

    private LogAppendResult append(int count) {
        return log.appendAsLeader(Batches.records(time.milliseconds(), count), 7);
    }

    private MemoryRecords readAll(long from) {
        return log.read(from, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
    }

    @Test
    void assignsConsecutiveOffsetsFromTheLogEnd() {
        open(TestLogConfig.defaults());

        LogAppendResult first = append(3);
        LogAppendResult second = append(2);

        assertThat(first.firstOffset()).isZero();
        assertThat(first.lastOffset()).isEqualTo(2);
        assertThat(first.recordCount()).isEqualTo(3);
        assertThat(first.logAppendTime()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        assertThat(first.maxTimestamp()).isEqualTo(time.milliseconds());
        assertThat(second.firstOffset()).isEqualTo(3);
        assertThat(second.lastOffset()).isEqualTo(4);
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(Batches.offsets(readAll(0))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(Batches.values(readAll(0))).containsExactly("v0", "v1", "v2", "v0", "v1");
    }

    @Test
    void storesTheLeaderEpochInEachBatch() {
        open(TestLogConfig.defaults());
        log.appendAsLeader(Batches.records(time.milliseconds(), 1), 42);

        assertThat(readAll(0).batches().iterator().next().partitionLeaderEpoch()).isEqualTo(42);
    }

    @Test
    void logAppendTimeTopicsCarryTheBrokerClock() {
        open(TestLogConfig.defaults().timestampType(TimestampType.LOG_APPEND_TIME));

        LogAppendResult result = log.appendAsLeader(Batches.records(5L, 2), 0);

        assertThat(result.logAppendTime()).isEqualTo(time.milliseconds());
        RecordBatch batch = readAll(0).batches().iterator().next();
        assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(batch.maxTimestamp()).isEqualTo(time.milliseconds());
        batch.ensureValid();
    }

    @Test
    void compressedBatchesAreStoredAsSent() {
        open(TestLogConfig.defaults());
        for (Compression compression : List.of(Compression.gzip().build(), Compression.snappy().build(),
                Compression.lz4().build(), Compression.zstd().build())) {
            MemoryRecords batch = Batches.records(compression, time.milliseconds(), 4);
            int sentSize = batch.sizeInBytes();
            LogAppendResult result = log.appendAsLeader(batch, 0);

            MemoryRecords stored = log.read(result.firstOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true)
                    .records().toMemoryRecords();
            assertThat(stored.sizeInBytes()).as(compression.type().name).isEqualTo(sentSize);
            assertThat(stored.batches().iterator().next().compressionType()).isEqualTo(compression.type());
            assertThat(Batches.values(stored)).containsExactly("v0", "v1", "v2", "v3");
        }
        assertThat(log.logEndOffset()).isEqualTo(16);
    }

    @Test
    void readStartsAtTheBatchContainingTheFetchOffset() {
        open(TestLogConfig.defaults());
        append(3);
        append(3);

        MemoryRecords records = readAll(4);

        assertThat(Batches.offsets(records)).containsExactly(3L, 4L, 5L);
    }

    @Test
    void readReturnsWholeBatchesWithinMaxBytes() {
        open(TestLogConfig.defaults());
        int batchSize = Batches.records(0, 2).sizeInBytes();
        append(2);
        append(2);
        append(2);

        FileSlice slice = log.read(0, batchSize * 2 + batchSize / 2, Long.MAX_VALUE, false).records();

        assertThat(slice.sizeInBytes()).isEqualTo(batchSize * 2);
        assertThat(Batches.offsets(slice.toMemoryRecords())).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void minOneBatchReturnsAFirstBatchLargerThanMaxBytes() {
        open(TestLogConfig.defaults());
        append(5);
        append(5);

        assertThat(log.read(0, 10, Long.MAX_VALUE, false).records().isEmpty()).isTrue();
        FileSlice slice = log.read(0, 10, Long.MAX_VALUE, true).records();
        assertThat(Batches.offsets(slice.toMemoryRecords())).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void readNeverReturnsABatchAtOrPastMaxOffset() {
        open(TestLogConfig.defaults());
        append(2);
        append(2);
        append(2);

        assertThat(Batches.offsets(log.read(0, Integer.MAX_VALUE, 4, true).records().toMemoryRecords()))
                .containsExactly(0L, 1L, 2L, 3L);
        // A bound inside a batch keeps that whole batch out.
        assertThat(Batches.offsets(log.read(0, Integer.MAX_VALUE, 3, true).records().toMemoryRecords()))
                .containsExactly(0L, 1L);
        assertThat(log.read(4, Integer.MAX_VALUE, 4, true).records().isEmpty()).isTrue();
    }

    @Test
    void readAtTheLogEndIsEmptyAndBeyondOrBeforeTheLogIsOutOfRange() {
        open(TestLogConfig.defaults());
        append(2);

        LogReadResult atEnd = log.read(2, 1000, Long.MAX_VALUE, true);
        assertThat(atEnd.records().isEmpty()).isTrue();
        assertThat(atEnd.logEndOffset()).isEqualTo(2);
        assertThatThrownBy(() -> log.read(3, 1000, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> log.read(-1, 1000, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void aReadIsAZeroCopySliceOfTheSegmentFile() {
        open(TestLogConfig.defaults());
        append(2);
        int firstSize = (int) log.sizeInBytes();
        append(2);

        FileSlice slice = log.read(2, 1000, Long.MAX_VALUE, true).records();

        assertThat(slice.channel()).isNotNull();
        assertThat(slice.position()).isEqualTo(firstSize);
        assertThat(slice.sizeInBytes()).isEqualTo(log.sizeInBytes() - firstSize);
    }

    @Test
    void rollsWhenTheSegmentWouldGrowPastSegmentBytes() {
        int batchSize = Batches.records(0, 1).sizeInBytes();
        open(TestLogConfig.defaults().segmentBytes(batchSize * 3));

        for (int i = 0; i < 7; i++) {
            append(1);
        }

        assertThat(log.segmentCount()).isEqualTo(3);
        assertThat(segmentFiles(".log")).containsExactly("00000000000000000000.log", "00000000000000000003.log",
                "00000000000000000006.log");
        assertThat(Batches.offsets(readAll(0))).containsExactly(0L, 1L, 2L);
        assertThat(Batches.offsets(readAll(3))).containsExactly(3L, 4L, 5L);
    }

    @Test
    void rollsWhenTheFirstBatchIsOlderThanSegmentMs() {
        open(TestLogConfig.defaults().segmentMs(1000));
        append(1);
        time.advance(1001);

        append(1);

        assertThat(log.segmentCount()).isEqualTo(2);
    }

    @Test
    void maintenanceRollsAnOldActiveSegmentButNeverAnEmptyOne() {
        open(TestLogConfig.defaults().segmentMs(1000));
        time.advance(5000);
        log.runMaintenance();
        assertThat(log.segmentCount()).isEqualTo(1);

        append(1);
        time.advance(1001);
        log.runMaintenance();

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void flushesAfterFlushMessagesRecords() {
        open(TestLogConfig.defaults().flushMessages(3));

        append(2);
        assertThat(log.recoveryPoint()).isZero();
        append(1);
        assertThat(log.recoveryPoint()).isEqualTo(3);
    }

    @Test
    void maintenanceFlushesWhenTheLastFlushIsOlderThanFlushMs() {
        open(TestLogConfig.defaults().flushMs(1000));
        append(2);
        log.runMaintenance();
        assertThat(log.recoveryPoint()).isZero();

        time.advance(1000);
        log.runMaintenance();

        assertThat(log.recoveryPoint()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("recovery-point"))).isTrue();
    }

    @Test
    void anAppendAfterFlushMsFlushesWithoutWaitingForMaintenance() {
        open(TestLogConfig.defaults().flushMs(1000));
        append(2);
        assertThat(log.recoveryPoint()).isZero();
        time.advance(1000);

        append(1);

        assertThat(log.recoveryPoint()).isEqualTo(3);
    }

    @Test
    void retentionByTimeDeletesSegmentsWhoseNewestRecordIsTooOld() {
        int batchSize = Batches.records(0, 1).sizeInBytes();
        open(TestLogConfig.defaults().segmentBytes(batchSize * 2).retentionMs(10_000).fileDeleteDelayMs(500));
        append(1);
        append(1);          // segment [0, 2)
        time.advance(6_000);
        append(1);
        append(1);          // segment [2, 4)
        append(1);          // active segment [4, 5)

        time.advance(5_000);
        log.runMaintenance();

        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThatThrownBy(() -> log.read(0, 1000, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(segmentFiles(".log.deleted")).containsExactly("00000000000000000000.log.deleted");

        time.advance(500);
        log.runMaintenance();
        assertThat(segmentFiles(".log.deleted")).isEmpty();
    }

    @Test
    void retentionByTimeRollsAndDeletesAnExpiredActiveSegmentButKeepsTheLogEnd() {
        open(TestLogConfig.defaults().retentionMs(1000));
        append(3);
        time.advance(1001);

        log.runMaintenance();

        assertThat(log.logStartOffset()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(append(1).firstOffset()).isEqualTo(3);
    }

    @Test
    void retentionByTimeKeepsWhatTheHighWatermarkHasNotPassed() {
        int batchSize = Batches.records(0, 1).sizeInBytes();
        open(TestLogConfig.defaults().segmentBytes(batchSize).retentionMs(1000));
        append(1);
        append(1);
        append(1);
        time.advance(2000);

        log.runMaintenance(1);

        assertThat(log.logStartOffset()).isEqualTo(1);
    }

    @Test
    void retentionBySizeDeletesOldestSegmentsButNeverBelowRetentionBytes() {
        int batchSize = Batches.records(0, 1).sizeInBytes();
        open(TestLogConfig.defaults().segmentBytes(batchSize * 2).retentionBytes(batchSize * 3L));
        for (int i = 0; i < 7; i++) {
            append(1);   // segments [0,2) [2,4) [4,6) [6,7)
        }

        log.runMaintenance();

        // 7 batches; deleting [0,2) leaves 5 >= 3, deleting [2,4) too leaves 3 >= 3, [4,6) would leave 1.
        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(log.sizeInBytes()).isEqualTo(batchSize * 3L);
    }

    @Test
    void findsTheFirstOffsetWithATimestampAtOrAfterTheTarget() {
        open(TestLogConfig.defaults().segmentBytes(400).indexIntervalBytes(1));
        long base = time.milliseconds();
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(Batches.records(base + i * 10L, 1), 0);
        }

        assertThat(log.offsetForTimestamp(base + 55)).get().extracting(t -> t.offset, t -> t.timestamp)
                .containsExactly(6L, base + 60);
        assertThat(log.offsetForTimestamp(base)).get().extracting(t -> t.offset).isEqualTo(0L);
        assertThat(log.offsetForTimestamp(base + 291)).isEmpty();
        assertThat(log.segmentCount()).isGreaterThan(1);
    }

    @Test
    void maxTimestampAndOffsetFindsTheFirstRecordWithTheLargestTimestamp() {
        open(TestLogConfig.defaults().segmentBytes(300));
        assertThat(log.maxTimestampAndOffset()).isEmpty();
        long base = time.milliseconds();
        long[] timestamps = {base + 5, base + 50, base + 7, base + 50, base + 9};
        for (long timestamp : timestamps) {
            log.appendAsLeader(Batches.records(timestamp, 1), 0);
        }

        TimestampAndOffset max = log.maxTimestampAndOffset().orElseThrow();

        assertThat(max.timestamp).isEqualTo(base + 50);
        assertThat(max.offset).isEqualTo(1);
    }

    @Test
    void truncateToRemovesTheTailAndAppendsContinueThere() {
        int batchSize = Batches.records(0, 2).sizeInBytes();
        open(TestLogConfig.defaults().segmentBytes(batchSize * 2));
        for (int i = 0; i < 5; i++) {
            append(2);   // segments [0,4) [4,8) [8,10)
        }

        log.truncateTo(5);   // inside the batch [4,6): the batch goes whole

        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(append(3).firstOffset()).isEqualTo(4);
        assertThat(Batches.offsets(readAll(0))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(Batches.offsets(readAll(4))).containsExactly(4L, 5L, 6L);
    }

    @Test
    void truncateFullyAndStartAtEmptiesTheLogAtANewOffset() {
        open(TestLogConfig.defaults());
        append(5);

        log.truncateFullyAndStartAt(100);

        assertThat(log.logStartOffset()).isEqualTo(100);
        assertThat(log.logEndOffset()).isEqualTo(100);
        assertThat(append(1).firstOffset()).isEqualTo(100);
        assertThat(Batches.offsets(readAll(100))).containsExactly(100L);
    }

    @Test
    void cleanCloseAndReopenKeepsEverything() {
        int batchSize = Batches.records(0, 2).sizeInBytes();
        open(TestLogConfig.defaults().segmentBytes(batchSize * 2).indexIntervalBytes(1));
        for (int i = 0; i < 5; i++) {
            append(2);
        }
        log.close();
        assertThat(Files.exists(dir.resolve("clean-shutdown"))).isTrue();

        open(TestLogConfig.defaults().segmentBytes(batchSize * 2).indexIntervalBytes(1));

        assertThat(Files.exists(dir.resolve("clean-shutdown"))).isFalse();
        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.segmentCount()).isEqualTo(3);
        assertThat(Batches.offsets(readAll(7))).containsExactly(6L, 7L);
        assertThat(append(1).firstOffset()).isEqualTo(10);
    }

    @Test
    void closedLogRefusesAppends() {
        open(TestLogConfig.defaults());
        log.close();

        assertThatThrownBy(() -> append(1)).isInstanceOf(KafkaStorageException.class);
    }

    @Test
    void deleteRemovesTheDirectory() {
        open(TestLogConfig.defaults());
        append(1);

        log.delete();
        log = null;

        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void updateConfigAppliesToTheNextDecision() {
        open(TestLogConfig.defaults());
        append(1);
        append(1);
        assertThat(log.segmentCount()).isEqualTo(1);

        log.updateConfig(TestLogConfig.defaults().segmentBytes(10).build());
        append(1);

        assertThat(log.segmentCount()).isEqualTo(2);
    }

    private List<String> segmentFiles(String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(suffix)).sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
