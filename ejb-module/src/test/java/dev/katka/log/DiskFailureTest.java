package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A disk that fails mid-append must cost the append, never the data already acknowledged. */
class DiskFailureTest {

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private final List<FailingFileChannel> channels = new CopyOnWriteArrayList<>();
    private PartitionLog log;

    @BeforeEach
    void open() {
        log = PartitionLog.open(dir, TestLogConfig.defaults().build(), time, PartitionLog.DEFAULT_PRODUCER_ID_EXPIRATION_MS,
                FailingFileChannel.opener(channels));
    }

    @AfterEach
    void close() {
        log.close();
    }

    private FailingFileChannel activeChannel() {
        return channels.get(channels.size() - 1);
    }

    private LogAppendResult append(int count) {
        return log.appendAsLeader(Batches.records(time.milliseconds(), count), 0);
    }

    @Test
    void aPartialWriteIsCutBackAndTheLogStaysUsable() throws Exception {
        append(3);
        long sizeBefore = log.sizeInBytes();
        activeChannel().failNextWriteAfter(20);

        assertThatThrownBy(() -> append(2)).isInstanceOf(KafkaStorageException.class);

        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(Files.size(dir.resolve(PartitionDirectory.fileName(0, ".log")))).isEqualTo(sizeBefore);
        assertThat(append(4).firstOffset()).isEqualTo(3);
        assertThat(Batches.offsets(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords()))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(log.isOffline()).isFalse();
    }

    @Test
    void dataWrittenAfterAFailureSurvivesARestart() {
        append(3);
        activeChannel().failNextWriteAfter(7);
        assertThatThrownBy(() -> append(2)).isInstanceOf(KafkaStorageException.class);
        append(1);
        log.closeUncleanly();

        log = PartitionLog.open(dir, TestLogConfig.defaults().build(), time);

        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(Batches.offsets(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords()))
                .containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void whenTheRepairFailsTooTheLogGoesOfflineButStillServesWhatItHas() {
        append(3);
        activeChannel().failNextWriteAfter(20);
        activeChannel().failTruncate(true);

        assertThatThrownBy(() -> append(2)).isInstanceOf(KafkaStorageException.class);

        assertThat(log.isOffline()).isTrue();
        assertThatThrownBy(() -> append(1)).isInstanceOf(KafkaStorageException.class);
        assertThat(Batches.offsets(log.read(0, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords()))
                .containsExactly(0L, 1L, 2L);
        activeChannel().failTruncate(false);
    }
}
