package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.log.LeaderEpochCache.EpochEntry;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
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
