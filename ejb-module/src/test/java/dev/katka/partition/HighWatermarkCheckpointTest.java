package dev.katka.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HighWatermarkCheckpointTest {

    @TempDir
    Path dataDir;

    @Test
    void whatIsWrittenIsReadBackByANewInstance() {
        Map<TopicPartition, Long> watermarks = Map.of(new TopicPartition("orders", 0), 42L,
                new TopicPartition("orders", 1), 0L, new TopicPartition("a.b_c-d", 17), Long.MAX_VALUE - 1);

        new HighWatermarkCheckpoint(dataDir).write(watermarks);

        assertThat(new HighWatermarkCheckpoint(dataDir).read()).isEqualTo(watermarks);
        assertThat(dataDir.resolve("replication-offset-checkpoint")).content()
                .startsWith("0\n3\n").contains("orders 0 42\n");
    }

    @Test
    void aNewWriteReplacesTheOldOne() {
        HighWatermarkCheckpoint checkpoint = new HighWatermarkCheckpoint(dataDir);
        checkpoint.write(Map.of(new TopicPartition("t", 0), 5L));
        checkpoint.write(Map.of(new TopicPartition("t", 1), 7L));

        assertThat(checkpoint.read()).isEqualTo(Map.of(new TopicPartition("t", 1), 7L));
    }

    @Test
    void noFileMeansNoWatermarks() {
        assertThat(new HighWatermarkCheckpoint(dataDir).read()).isEmpty();
    }

    @Test
    void aTornOrForeignFileIsIgnoredRatherThanTrusted() throws Exception {
        Files.writeString(dataDir.resolve("replication-offset-checkpoint"), "0\n3\norders 0 42\n");
        assertThat(new HighWatermarkCheckpoint(dataDir).read()).isEmpty();

        Files.writeString(dataDir.resolve("replication-offset-checkpoint"), "7\n1\norders 0 42\n");
        assertThat(new HighWatermarkCheckpoint(dataDir).read()).isEmpty();

        Files.writeString(dataDir.resolve("replication-offset-checkpoint"), "0\n1\norders zero 42\n");
        assertThat(new HighWatermarkCheckpoint(dataDir).read()).isEmpty();
    }
}
