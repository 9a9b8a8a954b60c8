package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.log.LogContents.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeleteRecords on one log: {@link PartitionLog#advanceLogStartOffset}, and what reads and restarts find after it. */
class PartitionLogDeleteRecordsTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private TestLogConfig config;
    private PartitionLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    /** Segments [0,4) [4,8) [8,10), batches of two records. */
    private void openWithThreeSegments() {
        int batchSize = Batches.records(0, 2).sizeInBytes();
        config = TestLogConfig.defaults().segmentBytes(batchSize * 2).indexIntervalBytes(1).fileDeleteDelayMs(0);
        log = PartitionLog.open(dir, config.build(), time);
        for (int i = 0; i < 5; i++) {
            append(2);
        }
    }

    private LogAppendResult append(int count) {
        time.advance(10);
        return log.appendAsLeader(Batches.records(time.milliseconds(), count), 3);
    }

    private void reopen(boolean cleanly) {
        if (cleanly) {
            log.close();
        } else {
            log.closeUncleanly();
        }
        log = PartitionLog.open(dir, config.build(), time);
    }

    @Test
    void readsStartAtTheNewLogStartInsideASegmentAndWhollyDeletedSegmentsGo() {
        openWithThreeSegments();

        assertThat(log.advanceLogStartOffset(5)).isEqualTo(5);

        assertThat(log.logStartOffset()).isEqualTo(5);
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(LogContents.read(log)).extracting(Entry::offset).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThatThrownBy(() -> log.read(4, 1000, Long.MAX_VALUE, true)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.offsetForTimestamp(0)).hasValueSatisfying(found -> assertThat(found.offset).isEqualTo(5));
        log.runMaintenance();
        assertThat(Files.exists(dir.resolve(PartitionDirectory.fileName(0, ".log.deleted")))).isFalse();
        assertThat(Files.exists(dir.resolve(PartitionDirectory.fileName(0, ".log")))).isFalse();
    }

    @Test
    void theNewLogStartSurvivesACleanRestartAndACrash() {
        openWithThreeSegments();
        log.advanceLogStartOffset(5);

        reopen(true);
        assertThat(log.logStartOffset()).isEqualTo(5);

        reopen(false);
        assertThat(log.logStartOffset()).isEqualTo(5);
        assertThat(LogContents.read(log)).extracting(Entry::offset).startsWith(5L);
        assertThat(log.leaderEpochEntries()).containsExactly(new LeaderEpochCache.EpochEntry(3, 5));
    }

    @Test
    void anOffsetAtOrBelowTheLogStartChangesNothingAndOneBeyondTheEndIsOutOfRange() {
        openWithThreeSegments();
        log.advanceLogStartOffset(5);

        assertThat(log.advanceLogStartOffset(3)).isEqualTo(5);
        assertThatThrownBy(() -> log.advanceLogStartOffset(11))
                .isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("offset 11").hasMessageContaining("ends at offset 10");
        assertThat(log.logStartOffset()).isEqualTo(5);
    }

    @Test
    void deletingEverythingLeavesAnEmptyLogThatAppendsContinue() {
        openWithThreeSegments();

        log.advanceLogStartOffset(10);

        assertThat(LogContents.read(log)).isEmpty();
        assertThat(append(1).firstOffset()).isEqualTo(10);
        reopen(false);
        assertThat(log.logStartOffset()).isEqualTo(10);
        assertThat(LogContents.read(log)).extracting(Entry::offset).containsExactly(10L);
    }

    @Test
    void recordsDeletedButLostInACrashLeaveTheLogStartingAtItsNewEnd() throws Exception {
        openWithThreeSegments();
        log.flush();
        append(2);                       // [10, 12), not fsynced
        log.advanceLogStartOffset(12);
        long flushedSize = Files.size(dir.resolve(PartitionDirectory.fileName(8, ".log")))
                - Batches.records(0, 2).sizeInBytes();
        log.closeUncleanly();
        try (var file = new java.io.RandomAccessFile(dir.resolve(PartitionDirectory.fileName(8, ".log")).toFile(), "rw")) {
            file.setLength(flushedSize + 5);   // the crash tore the unflushed batch
        }

        log = PartitionLog.open(dir, config.build(), time);

        assertThat(log.logEndOffset()).isEqualTo(10);
        assertThat(log.logStartOffset()).isEqualTo(10);
        assertThat(append(3).firstOffset()).isEqualTo(10);
        reopen(true);
        assertThat(LogContents.read(log)).as("what was appended after the crash stays visible")
                .extracting(Entry::offset).containsExactly(10L, 11L, 12L);
    }

    @Test
    void aFollowerRestartingBelowAMovedLogStartReadsFromItsNewStartAfterARestart() {
        openWithThreeSegments();
        log.advanceLogStartOffset(7);

        log.truncateFullyAndStartAt(2);
        log.appendAsFollower(Batches.leaderBatch(2, 4, 8));
        reopen(true);

        assertThat(log.logStartOffset()).isEqualTo(2);
        assertThat(LogContents.read(log)).extracting(Entry::offset).startsWith(2L, 3L).hasSize(8);
    }

    @Test
    void aTruncationThatCutsTheBatchHoldingTheLogStartLeavesTheLogStartingAtItsNewEnd() {
        openWithThreeSegments();
        log.advanceLogStartOffset(9);

        log.truncateTo(9);   // the batch [8, 10) goes whole

        assertThat(log.logEndOffset()).isEqualTo(8);
        assertThat(log.logStartOffset()).isEqualTo(8);
        reopen(false);
        assertThat(log.logStartOffset()).isEqualTo(8);
        assertThat(append(1).firstOffset()).isEqualTo(8);
    }
}
