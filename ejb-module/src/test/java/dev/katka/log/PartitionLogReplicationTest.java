package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.log.LeaderEpochCache.EpochEntry;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What replication needs of the log: leader epochs, truncation by epoch, and their recovery. */
class PartitionLogReplicationTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private TestLogConfig config = TestLogConfig.defaults();
    private PartitionLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private PartitionLog open() {
        log = PartitionLog.open(dir, config.build(), time);
        return log;
    }

    private PartitionLog reopenCleanly() {
        log.close();
        return open();
    }

    private PartitionLog reopenAfterCrash() {
        log.closeUncleanly();
        return open();
    }

    private LogAppendResult lead(int epoch, int records) {
        return log.appendAsLeader(Batches.records(time.milliseconds(), records), epoch);
    }

    private MemoryRecords readAll() {
        return log.read(log.logStartOffset(), Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
    }

    /** Everything the log holds, read segment by segment: whole batches, as bytes. */
    private ByteBuffer allBytes() {
        ByteBuffer all = ByteBuffer.allocate((int) log.sizeInBytes());
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            MemoryRecords part = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
            for (RecordBatch batch : part.batches()) {
                next = batch.nextOffset();
            }
            all.put(part.buffer());
        }
        return all.flip();
    }

    private static final long PRODUCER = 9L;

    /** An idempotent producer's batch as the leader's log holds it. */
    private static MemoryRecords producerBatch(long baseOffset, int leaderEpoch, int count, int baseSequence) {
        return Batches.leaderBatch(baseOffset, leaderEpoch, count, PRODUCER, (short) 0, baseSequence);
    }

    private Path checkpoint() {
        return new PartitionDirectory(dir).leaderEpochCheckpointFile();
    }

    private String checkpointText() throws Exception {
        return Files.readString(checkpoint(), StandardCharsets.US_ASCII);
    }

    private Path logFile(long base) {
        return dir.resolve(PartitionDirectory.fileName(base, PartitionDirectory.LOG_SUFFIX));
    }

    private static void cut(Path file, long size) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    // ================================================================ leader appends

    @Test
    void anEmptyLogHasNoEpoch() {
        open();

        assertThat(log.latestEpoch()).isEqualTo(-1);
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(EpochEnd.UNDEFINED);
        assertThat(checkpoint()).doesNotExist();
    }

    @Test
    void leaderAppendsRecordWhereEachEpochStarts() throws Exception {
        open();
        lead(1, 2);
        lead(1, 3);
        lead(4, 1);

        assertThat(log.latestEpoch()).isEqualTo(4);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(4, 5));
        assertThat(checkpointText()).isEqualTo("0\n2\n1 0\n4 5\n");
        assertThat(log.endOffsetForEpoch(0)).isEqualTo(EpochEnd.UNDEFINED);
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEnd(1, 5));
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEnd(1, 5));
        assertThat(log.endOffsetForEpoch(4)).isEqualTo(new EpochEnd(4, 6));
        assertThat(log.endOffsetForEpoch(9)).isEqualTo(new EpochEnd(4, 6));
    }

    @Test
    void aLeaderAppendWithAnOlderEpochIsFencedAndAppendsNothing() {
        open();
        lead(5, 2);

        assertThatThrownBy(() -> lead(4, 1)).isInstanceOf(FencedLeaderEpochException.class)
                .hasMessageContaining("Leader epoch 4 is older than epoch 5");

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.latestEpoch()).isEqualTo(5);
    }

    @Test
    void aNegativeLeaderEpochIsRefused() {
        open();

        assertThatThrownBy(() -> lead(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    // ================================================================ truncation

    @Test
    void truncateToForgetsTheEpochsOfTheBatchesItRemoves() throws Exception {
        open();
        lead(1, 2);   // [0, 2)
        lead(2, 3);   // [2, 5)
        lead(3, 1);   // [5, 6)

        log.truncateTo(3);   // inside epoch 2's batch, which goes whole

        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.latestEpoch()).isEqualTo(1);
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEnd(1, 2));
        assertThat(checkpointText()).isEqualTo("0\n1\n1 0\n");

        lead(5, 1);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(5, 2));
    }

    @Test
    void truncateFullyAndStartAtForgetsEveryEpoch() throws Exception {
        open();
        lead(1, 2);
        lead(2, 2);

        log.truncateFullyAndStartAt(100);

        assertThat(log.latestEpoch()).isEqualTo(-1);
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(EpochEnd.UNDEFINED);
        assertThat(checkpointText()).isEqualTo("0\n0\n");
        lead(3, 1);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(3, 100));
    }

    @Test
    void truncateToBelowTheLogStartEmptiesTheLogAndItsEpochs() {
        open();
        lead(1, 2);
        log.truncateFullyAndStartAt(50);
        lead(2, 2);

        log.truncateTo(10);

        assertThat(log.logStartOffset()).isEqualTo(10);
        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.latestEpoch()).isEqualTo(-1);
    }

    @Test
    void retentionMovesTheEpochCoveringTheNewLogStartThere() throws Exception {
        int batchBytes = Batches.records(0, 2).sizeInBytes();
        config = TestLogConfig.defaults().retentionBytes(2L * batchBytes);
        open();
        lead(1, 2);   // [0, 2)
        lead(2, 2);   // [2, 4)
        log.roll();
        lead(2, 2);   // [4, 6)
        lead(3, 2);   // [6, 8)

        log.runMaintenance();

        assertThat(log.logStartOffset()).isEqualTo(4);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(2, 4), new EpochEntry(3, 6));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(EpochEnd.UNDEFINED);
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEnd(2, 6));
        assertThat(checkpointText()).isEqualTo("0\n2\n2 4\n3 6\n");
    }

    // ================================================================ follower appends

    @Test
    void aFollowerKeepsTheLeadersOffsetsEpochsAndBytes() {
        open();
        MemoryRecords fromLeader = Batches.concat(Batches.leaderBatch(0, 3, 2), Batches.leaderBatch(2, 3, 1),
                Batches.leaderBatch(3, 5, 2));
        ByteBuffer sent = Batches.copy(fromLeader).buffer();

        log.appendAsFollower(fromLeader);

        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(allBytes()).isEqualTo(sent);
        assertThat(Batches.offsets(readAll())).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(3, 0), new EpochEntry(5, 3));
        assertThat(log.endOffsetForEpoch(4)).isEqualTo(new EpochEnd(3, 3));
        assertThat(log.endOffsetForEpoch(5)).isEqualTo(new EpochEnd(5, 5));
    }

    @Test
    void aFollowerAppendMustStartAtTheLogEnd() {
        open();
        log.appendAsFollower(Batches.leaderBatch(0, 1, 2));

        assertThatThrownBy(() -> log.appendAsFollower(Batches.leaderBatch(3, 1, 1)))
                .isInstanceOf(UnexpectedAppendOffsetException.class)
                .hasMessageContaining("start at offset 3").hasMessageContaining("ends at offset 2")
                .satisfies(e -> {
                    assertThat(((UnexpectedAppendOffsetException) e).firstOffset()).isEqualTo(3);
                    assertThat(((UnexpectedAppendOffsetException) e).logEndOffset()).isEqualTo(2);
                });
        assertThatThrownBy(() -> log.appendAsFollower(Batches.leaderBatch(1, 1, 2)))
                .isInstanceOf(UnexpectedAppendOffsetException.class);
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(Files.exists(logFile(0))).isTrue();
        assertThat(allBytes().remaining()).isEqualTo(Batches.leaderBatch(0, 1, 2).sizeInBytes());
    }

    @Test
    void offsetsMustAscendFromBatchToBatch() {
        open();

        assertThatThrownBy(() -> log.appendAsFollower(Batches.concat(Batches.leaderBatch(0, 1, 2),
                Batches.leaderBatch(1, 1, 2))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("a batch at offset 1 follows one ending at offset 1");
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void gapsBetweenTheLeadersBatchesAreKeptAndSurviveACrash() {
        open();
        log.appendAsFollower(Batches.concat(Batches.leaderBatch(0, 1, 2), Batches.leaderBatch(10, 1, 2)));
        log.appendAsFollower(Batches.leaderBatch(12, 2, 1));

        assertThat(log.logEndOffset()).isEqualTo(13);
        assertThat(Batches.offsets(log.read(5, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords()))
                .containsExactly(10L, 11L, 12L);

        reopenAfterCrash();

        assertThat(log.logEndOffset()).isEqualTo(13);
        assertThat(Batches.offsets(readAll())).containsExactly(0L, 1L, 10L, 11L, 12L);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 12));
    }

    @Test
    void aBatchWhoseChecksumFailsIsRefused() {
        open();
        MemoryRecords damaged = Batches.leaderBatch(0, 1, 3);
        int last = damaged.sizeInBytes() - 1;
        damaged.buffer().put(last, (byte) (damaged.buffer().get(last) ^ 0x01));

        assertThatThrownBy(() -> log.appendAsFollower(damaged)).isInstanceOf(CorruptRecordException.class);
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void aCutOffBatchIsRefused() {
        open();
        MemoryRecords whole = Batches.leaderBatch(0, 1, 3);
        ByteBuffer cut = whole.buffer().duplicate();
        cut.limit(cut.limit() - 4);

        assertThatThrownBy(() -> log.appendAsFollower(MemoryRecords.readableRecords(cut.slice())))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void leaderEpochsMustNotGoBack() {
        open();
        lead(5, 2);

        assertThatThrownBy(() -> log.appendAsFollower(Batches.leaderBatch(2, 4, 1)))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("leader epoch 4, older than epoch 5");
        assertThatThrownBy(() -> log.appendAsFollower(Batches.concat(Batches.leaderBatch(2, 7, 1),
                Batches.leaderBatch(3, 6, 1))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("epoch 6 after epoch 7");
        assertThat(log.logEndOffset()).isEqualTo(2);
        assertThat(log.latestEpoch()).isEqualTo(5);
    }

    @Test
    void aFollowerAcceptsABatchLargerThanItsOwnMaxMessageBytes() {
        config = TestLogConfig.defaults().maxMessageBytes(100);
        open();

        log.appendAsFollower(Batches.leaderBatch(0, 1, 20));

        assertThat(log.logEndOffset()).isEqualTo(20);
    }

    @Test
    void emptyRecordsAppendNothing() {
        open();

        log.appendAsFollower(MemoryRecords.EMPTY);

        assertThat(log.logEndOffset()).isZero();
        assertThat(log.segmentCount()).isEqualTo(1);
    }

    @Test
    void followerAppendsRollSegmentsAndIndexEveryBatch() {
        int batchBytes = Batches.leaderBatch(0, 1, 2).sizeInBytes();
        config = TestLogConfig.defaults().segmentBytes(3 * batchBytes).indexIntervalBytes(1);
        open();
        for (int i = 0; i < 10; i++) {
            log.appendAsFollower(Batches.leaderBatch(2L * i, 1 + i / 4, 2));
        }

        assertThat(log.segmentCount()).isEqualTo(4);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, 6L, 12L, 18L);
        for (long offset = 0; offset < 20; offset++) {
            MemoryRecords found = log.read(offset, 1, Long.MAX_VALUE, true).records().toMemoryRecords();
            assertThat(found.batches().iterator().next().baseOffset()).isEqualTo(offset - offset % 2);
        }
        assertThat(log.leaderEpochEntries())
                .containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 8), new EpochEntry(3, 16));
    }

    @Test
    void aFollowerContinuesTheIdempotentProducersItCopies() {
        open();
        log.appendAsFollower(producerBatch(0, 1, 3, 0));   // sequences 0..2
        log.appendAsFollower(producerBatch(3, 1, 2, 3));   // sequences 3..4

        assertThat(log.producerLastSequence(PRODUCER)).hasValue(4);
        // Now the follower leads: the producer's retry is recognised, its next batch accepted.
        LogAppendResult retry = log.appendAsLeader(Batches.idempotent(PRODUCER, (short) 0, 3, time.milliseconds(), 2), 2);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(3);
        LogAppendResult next = log.appendAsLeader(Batches.idempotent(PRODUCER, (short) 0, 5, time.milliseconds(), 1), 2);
        assertThat(next.duplicate()).isFalse();
        assertThat(next.firstOffset()).isEqualTo(5);
    }

    @Test
    void aFollowerAppendsWhereTheLeadersHistoryContinuesAfterTruncation() {
        open();
        log.appendAsFollower(Batches.concat(Batches.leaderBatch(0, 1, 2), Batches.leaderBatch(2, 2, 2)));
        EpochEnd leaders = new EpochEnd(1, 3);   // the new leader: epoch 1 ended at 3, epoch 2 never reached it

        EpochEnd ours = log.endOffsetForEpoch(leaders.epoch());
        log.truncateTo(Math.min(ours.endOffset(), leaders.endOffset()));
        log.appendAsFollower(Batches.leaderBatch(2, 3, 1));

        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 2));
    }

    @Test
    void aFollowerFarBehindRestartsAtTheLeadersLogStart() {
        open();
        log.appendAsFollower(Batches.leaderBatch(0, 1, 2));

        log.truncateFullyAndStartAt(100);
        log.appendAsFollower(Batches.leaderBatch(100, 4, 2));

        assertThat(log.logStartOffset()).isEqualTo(100);
        assertThat(log.logEndOffset()).isEqualTo(102);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(4, 100));
    }

    @Test
    void aCrashInTheMiddleOfReplicationKeepsEpochsAndProducersOfWhatSurvived() throws Exception {
        int batchBytes = producerBatch(0, 1, 2, 0).sizeInBytes();
        config = TestLogConfig.defaults().segmentBytes(4 * batchBytes);
        open();
        log.appendAsFollower(producerBatch(0, 1, 2, 0));
        log.appendAsFollower(producerBatch(2, 1, 2, 2));
        log.appendAsFollower(producerBatch(4, 2, 2, 4));
        log.flush();
        log.runMaintenance();   // checkpoints the recovery point: 6
        log.appendAsFollower(producerBatch(6, 3, 2, 6));
        log.appendAsFollower(producerBatch(8, 3, 2, 8));   // rolls: [8, 10) starts the second segment
        log.appendAsFollower(producerBatch(10, 4, 2, 10));
        assertThat(log.segmentCount()).isEqualTo(2);
        log.closeUncleanly();
        cut(logFile(8), batchBytes + 7);   // the last batch was being written

        open();

        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.leaderEpochEntries())
                .containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 4), new EpochEntry(3, 6));
        assertThat(log.latestEpoch()).isEqualTo(3);
        assertThat(log.endOffsetForEpoch(4)).isEqualTo(new EpochEnd(3, 10));
        assertThat(log.producerLastSequence(PRODUCER)).hasValue(9);
        log.appendAsFollower(producerBatch(10, 4, 2, 10));
        assertThat(log.producerLastSequence(PRODUCER)).hasValue(11);
        assertThat(log.leaderEpochEntries()).endsWith(new EpochEntry(4, 10));
    }

    @Test
    void aCrashAfterTruncationRescansTheSegmentsWrittenSinceEvenBelowTheOldRecoveryPoint() throws Exception {
        int batchBytes = Batches.records(0, 2).sizeInBytes();
        config = TestLogConfig.defaults().segmentBytes(2 * batchBytes);
        open();
        for (int i = 0; i < 10; i++) {
            lead(1, 2);
        }
        log.flush();
        log.runMaintenance();   // the recovery point on disk: 20
        log.truncateTo(4);
        for (int i = 0; i < 6; i++) {
            lead(2, 2);   // segments [4, 8) [8, 12) [12, 16) unflushed
        }
        log.closeUncleanly();
        Path unflushed = logFile(8);
        byte[] bytes = Files.readAllBytes(unflushed);
        bytes[bytes.length - 3] ^= 0x10;   // the disk lost part of a write the crash did not let finish
        Files.write(unflushed, bytes);

        open();

        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.segments()).extracting(LogSegment::baseOffset).containsExactly(0L, 4L, 8L);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 4));
    }

    @Test
    void aCrashAfterTruncationKeepsTheTruncatedEpochsOut() {
        open();
        log.appendAsFollower(Batches.concat(Batches.leaderBatch(0, 1, 2), Batches.leaderBatch(2, 2, 2)));
        log.flush();
        log.runMaintenance();
        log.truncateTo(2);
        log.appendAsFollower(Batches.leaderBatch(2, 3, 3));

        reopenAfterCrash();

        assertThat(log.logEndOffset()).isEqualTo(5);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 2));
        assertThat(Batches.values(readAll())).containsExactly("v0", "v1", "v0", "v1", "v2");
    }

    // ================================================================ reopening

    @Test
    void epochsSurviveACleanRestart() {
        open();
        lead(1, 2);
        lead(3, 2);

        reopenCleanly();

        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 2));
        assertThat(log.endOffsetForEpoch(1)).isEqualTo(new EpochEnd(1, 2));
    }

    @Test
    void epochsSurviveACrash() {
        open();
        lead(1, 2);
        log.flush();
        lead(3, 2);

        reopenAfterCrash();

        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 2));
        lead(3, 1);
        assertThat(log.endOffsetForEpoch(3)).isEqualTo(new EpochEnd(3, 5));
    }

    @Test
    void aCorruptCheckpointIsRebuiltFromTheBatches() throws Exception {
        open();
        lead(1, 2);
        lead(3, 2);
        log.roll();
        lead(4, 1);
        log.close();
        Files.writeString(checkpoint(), "0\n3\n1 0\n3 2\n");   // torn

        open();

        assertThat(log.leaderEpochEntries())
                .containsExactly(new EpochEntry(1, 0), new EpochEntry(3, 2), new EpochEntry(4, 4));
        assertThat(checkpointText()).isEqualTo("0\n3\n1 0\n3 2\n4 4\n");
    }

    @Test
    void aLogWithoutCheckpointGetsOneFromItsBatches() throws Exception {
        open();
        lead(1, 2);
        lead(2, 2);
        log.close();
        Files.delete(checkpoint());   // as a log written before the cache existed

        open();

        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 2));
        assertThat(checkpointText()).isEqualTo("0\n2\n1 0\n2 2\n");
    }

    @Test
    void epochsOfBatchesACrashCutOffAreForgotten() throws Exception {
        open();
        lead(1, 2);
        lead(1, 2);
        lead(2, 2);   // its epoch reaches the checkpoint before the batch reaches the disk
        long twoBatches = Files.size(logFile(0)) * 2 / 3;
        log.closeUncleanly();
        cut(logFile(0), twoBatches + 5);   // the machine crashed while writing the last batch

        open();

        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0));
        assertThat(log.endOffsetForEpoch(2)).isEqualTo(new EpochEnd(1, 4));
        assertThat(checkpointText()).isEqualTo("0\n1\n1 0\n");
    }

    @Test
    void aCheckpointBehindTheRescannedBatchesIsCompletedFromThem() throws Exception {
        open();
        lead(1, 2);
        log.close();   // the checkpoint now says epoch 1 from 0, everything is flushed
        String epochOneOnly = checkpointText();
        open();
        lead(2, 2);
        lead(4, 2);
        log.closeUncleanly();
        Files.writeString(checkpoint(), epochOneOnly);   // what the file held before the unflushed appends

        open();

        assertThat(log.leaderEpochEntries())
                .containsExactly(new EpochEntry(1, 0), new EpochEntry(2, 2), new EpochEntry(4, 4));
    }

    @Test
    void checkpointEntriesBeyondTheLogEndAreDroppedEvenAfterACleanShutdown() throws Exception {
        open();
        lead(1, 2);
        log.close();
        Files.writeString(checkpoint(), "0\n2\n1 0\n9 1000\n");

        open();

        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(1, 0));
        assertThat(log.latestEpoch()).isEqualTo(1);
    }

    @Test
    void checkpointEntriesBelowTheLogStartAreMovedToIt() throws Exception {
        open();
        log.truncateFullyAndStartAt(10);
        lead(2, 2);
        log.close();
        Files.writeString(checkpoint(), "0\n2\n1 0\n2 5\n");   // as retention may leave it after a crash

        open();

        assertThat(log.leaderEpochEntries()).containsExactly(new EpochEntry(2, 10));
    }
}
