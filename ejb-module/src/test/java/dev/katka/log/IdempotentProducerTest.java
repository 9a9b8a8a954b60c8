package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.errors.DuplicateSequenceException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KIP-98 idempotence as a producer sees it through the partition log. */
class IdempotentProducerTest {

    private static final long PRODUCER = 4000L;
    private static final short EPOCH = 3;

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
        log = PartitionLog.open(dir, config.build(), time, 60_000);
        return log;
    }

    private MemoryRecords batch(short epoch, int baseSequence, int count) {
        return Batches.idempotent(PRODUCER, epoch, baseSequence, time.milliseconds(), count);
    }

    private LogAppendResult append(short epoch, int baseSequence, int count) {
        return log.appendAsLeader(batch(epoch, baseSequence, count), 0);
    }

    @Test
    void aRetriedBatchIsAcknowledgedWithItsOriginalOffsetsAndNotWrittenAgain() {
        open(TestLogConfig.defaults());
        log.appendAsLeader(Batches.records(time.milliseconds(), 2), 0);
        LogAppendResult original = append(EPOCH, 0, 3);
        long sizeAfterOriginal = log.sizeInBytes();

        LogAppendResult retry = append(EPOCH, 0, 3);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(original.firstOffset()).isEqualTo(2);
        assertThat(retry.lastOffset()).isEqualTo(original.lastOffset()).isEqualTo(4);
        assertThat(retry.recordCount()).isEqualTo(3);
        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(log.sizeInBytes()).isEqualTo(sizeAfterOriginal);
    }

    @Test
    void aDuplicateOnLogAppendTimeReportsTheOriginalAppendTime() {
        open(TestLogConfig.defaults().timestampType(TimestampType.LOG_APPEND_TIME));
        long originalTime = time.milliseconds();
        append(EPOCH, 0, 1);
        time.advance(500);

        LogAppendResult retry = append(EPOCH, 0, 1);

        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.logAppendTime()).isEqualTo(originalTime);
    }

    @Test
    void anyOfTheLastFiveBatchesIsRecognisedWithItsOffsets() {
        open(TestLogConfig.defaults());
        for (int i = 0; i < 6; i++) {
            append(EPOCH, i * 2, 2);   // sequences 0-1, 2-3, ... 10-11 at offsets 0-1, 2-3, ...
        }

        LogAppendResult fifthFromLast = append(EPOCH, 2, 2);
        assertThat(fifthFromLast.duplicate()).isTrue();
        assertThat(fifthFromLast.firstOffset()).isEqualTo(2);
    }

    /**
     * After a leader change the producer may retry a batch that the old leader wrote and the new
     * one replicated, after sending newer batches to the new leader: the retry is a duplicate,
     * even when its offsets are no longer cached (Kafka's producer then counts it as written).
     */
    @Test
    void aRetryOlderThanTheCachedBatchesIsADuplicateAndNotWrittenAgain() {
        open(TestLogConfig.defaults());
        for (int i = 0; i < 6; i++) {
            append(EPOCH, i * 2, 2);
        }
        long sizeBefore = log.sizeInBytes();

        assertThatThrownBy(() -> append(EPOCH, 0, 2)).isInstanceOf(DuplicateSequenceException.class)
                .hasMessageContaining("sequences 0-1 again");
        assertThat(log.logEndOffset()).isEqualTo(12);
        assertThat(log.sizeInBytes()).isEqualTo(sizeBefore);
        assertThat(append(EPOCH, 12, 1).firstOffset()).isEqualTo(12);
    }

    @Test
    void aBatchReachingPastTheLastSequenceIsOutOfOrderNotADuplicate() {
        open(TestLogConfig.defaults());
        append(EPOCH, 0, 4);

        assertThatThrownBy(() -> append(EPOCH, 2, 4)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(4);
    }

    @Test
    void aSequenceGapIsOutOfOrder() {
        open(TestLogConfig.defaults());
        append(EPOCH, 0, 2);

        assertThatThrownBy(() -> append(EPOCH, 3, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(append(EPOCH, 2, 1).firstOffset()).isEqualTo(2);
    }

    @Test
    void anUnknownProducerMustStartAtSequenceZero() {
        open(TestLogConfig.defaults());

        assertThatThrownBy(() -> append(EPOCH, 7, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(append(EPOCH, 0, 1).duplicate()).isFalse();
    }

    @Test
    void anOlderEpochIsFencedAndANewerOneStartsAtZero() {
        open(TestLogConfig.defaults());
        append(EPOCH, 0, 3);

        assertThatThrownBy(() -> append((short) (EPOCH - 1), 3, 1)).isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> append((short) (EPOCH + 1), 3, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(append((short) (EPOCH + 1), 0, 1).firstOffset()).isEqualTo(3);
        assertThatThrownBy(() -> append(EPOCH, 3, 1)).isInstanceOf(InvalidProducerEpochException.class);
    }

    @Test
    void batchesOfOneRequestMustChain() {
        open(TestLogConfig.defaults());

        LogAppendResult result = log.appendAsLeader(Batches.concat(batch(EPOCH, 0, 2), batch(EPOCH, 2, 3)), 0);
        assertThat(result.lastOffset()).isEqualTo(4);
        assertThatThrownBy(() -> log.appendAsLeader(Batches.concat(batch(EPOCH, 5, 1), batch(EPOCH, 7, 1)), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(5);
    }

    @Test
    void stateSurvivesACleanRestartThroughTheSnapshot() {
        open(TestLogConfig.defaults());
        append(EPOCH, 0, 2);
        LogAppendResult second = append(EPOCH, 2, 2);
        log.close();
        assertThat(Files.exists(dir.resolve(PartitionDirectory.fileName(4, ".snapshot")))).isTrue();

        open(TestLogConfig.defaults());

        LogAppendResult retry = append(EPOCH, 2, 2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(second.firstOffset());
        assertThat(append(EPOCH, 4, 1).firstOffset()).isEqualTo(4);
    }

    @Test
    void stateSurvivesACrashByReplayingTheLog() {
        int batchSize = batch(EPOCH, 0, 2).sizeInBytes();
        open(TestLogConfig.defaults().segmentBytes(batchSize * 2));
        for (int i = 0; i < 5; i++) {
            append(EPOCH, i * 2, 2);   // rolls write snapshots at 4 and 8; the last batch is after them
        }
        log.closeUncleanly();

        open(TestLogConfig.defaults().segmentBytes(batchSize * 2));

        assertThat(append(EPOCH, 8, 2).duplicate()).isTrue();
        assertThat(append(EPOCH, 4, 2).duplicate()).isTrue();
        assertThatThrownBy(() -> append(EPOCH, 11, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(append(EPOCH, 10, 1).firstOffset()).isEqualTo(10);
    }

    @Test
    void aCorruptSnapshotFallsBackToReplayingTheLog() throws Exception {
        open(TestLogConfig.defaults());
        append(EPOCH, 0, 2);
        log.close();
        Path snapshot = dir.resolve(PartitionDirectory.fileName(2, ".snapshot"));
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(snapshot, bytes);

        open(TestLogConfig.defaults());

        assertThat(append(EPOCH, 0, 2).duplicate()).isTrue();
    }

    @Test
    void idleProducersAreForgottenAfterTheExpiration() {
        open(TestLogConfig.defaults());
        append(EPOCH, 0, 2);
        time.advance(60_001);

        log.runMaintenance();

        assertThatThrownBy(() -> append(EPOCH, 2, 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(append(EPOCH, 0, 1).duplicate()).isFalse();
    }

    @Test
    void retentionKeepsProducersWhoseBatchesItDeletedAcrossARestart() {
        // KAFKA-7190: forgotten, a quiet producer's next batch would fail with OUT_OF_ORDER_SEQUENCE_NUMBER.
        int batchSize = batch(EPOCH, 0, 1).sizeInBytes();
        TestLogConfig config = TestLogConfig.defaults().segmentBytes(batchSize).retentionBytes(batchSize);
        open(config);
        append(EPOCH, 0, 1);
        log.appendAsLeader(Batches.records(time.milliseconds(), 1), 0);
        log.appendAsLeader(Batches.records(time.milliseconds(), 1), 0);

        log.runMaintenance();

        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(log.producerLastSequence(PRODUCER)).hasValue(0);
        assertThat(Files.exists(dir.resolve(PartitionDirectory.fileName(1, ".snapshot")))).isFalse();
        log.closeUncleanly();
        open(config);
        assertThat(log.producerLastSequence(PRODUCER)).hasValue(0);
        assertThat(append(EPOCH, 1, 1).firstOffset()).isEqualTo(3);
    }

    @Test
    void deleteRecordsKeepsTheProducersOfTheDeletedBatches() {
        open(TestLogConfig.defaults());
        LogAppendResult first = append(EPOCH, 0, 2);

        log.advanceLogStartOffset(2);

        assertThat(append(EPOCH, 2, 1).firstOffset()).isEqualTo(2);
        LogAppendResult retried = append(EPOCH, 0, 2);
        assertThat(retried.duplicate()).isTrue();
        assertThat(retried.firstOffset()).isEqualTo(first.firstOffset());
    }

    @Test
    void sequencesWrapAroundAfterIntegerMax() {
        ProducerStateTable table = new ProducerStateTable();
        table.load(java.util.List.of(new ProducerEntry(PRODUCER, EPOCH, 0,
                java.util.List.of(new SequencedBatch(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 0, 1, 0)))));

        ProducerStateTable.Append append = table.begin();
        MemoryRecords wrapped = batch(EPOCH, 0, 1);
        assertThat(append.add(wrapped.batches().iterator().next(), 2, 2, 0)).isNull();
        ProducerStateTable.Append gap = table.begin();
        assertThatThrownBy(() -> gap.add(batch(EPOCH, 1, 1).batches().iterator().next(), 2, 2, 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void snapshotsRoundTripAndRejectCorruption() {
        ProducerEntry entry = new ProducerEntry(PRODUCER, EPOCH, 99, java.util.List.of(
                new SequencedBatch(0, 4, 10, 14, 98), new SequencedBatch(5, 5, 15, 15, 99)));

        java.nio.ByteBuffer bytes = ProducerSnapshot.serialize(java.util.List.of(entry));
        assertThat(ProducerSnapshot.deserialize(bytes.duplicate())).get().satisfies(entries -> {
            assertThat(entries).singleElement().satisfies(read -> {
                assertThat(read.producerId()).isEqualTo(PRODUCER);
                assertThat(read.epoch()).isEqualTo(EPOCH);
                assertThat(read.lastTimestamp()).isEqualTo(99);
                assertThat(read.batches()).isEqualTo(entry.batches());
            });
        });
        bytes.put(12, (byte) (bytes.get(12) ^ 1));
        assertThat(ProducerSnapshot.deserialize(bytes)).isEmpty();
    }
}
