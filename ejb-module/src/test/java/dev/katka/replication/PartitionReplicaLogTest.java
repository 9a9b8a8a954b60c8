package dev.katka.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.log.LogConfig;
import dev.katka.log.PartitionLog;
import dev.katka.replication.ReplicaLog.EpochEndOffset;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter passes everything to the log and speaks replication's types; see also ReplicaLogAgreementPropertyTest. */
class PartitionReplicaLogTest {

    @TempDir
    Path dir;

    private PartitionReplicaLog replicaLog;

    @AfterEach
    void close() {
        if (replicaLog != null) {
            replicaLog.log().close();
        }
    }

    private PartitionReplicaLog open() {
        replicaLog = new PartitionReplicaLog(PartitionLog.open(dir, LogConfig.defaults(), Time.SYSTEM));
        return replicaLog;
    }

    private static MemoryRecords batch(long baseOffset, int leaderEpoch, int count) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP,
                RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false, leaderEpoch);
        for (int i = 0; i < count; i++) {
            builder.append(new SimpleRecord(System.currentTimeMillis(), null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    @Test
    void anEmptyLogAnswersUndefined() {
        open();

        assertThat(replicaLog.latestEpoch()).isEqualTo(-1);
        assertThat(replicaLog.endOffsetForEpoch(0)).isEqualTo(EpochEndOffset.UNDEFINED);
    }

    @Test
    void appendsAndTruncationsReachTheLogAndEpochsComeBackAsReplicationsType() {
        open();
        replicaLog.appendAsFollower(batch(0, 2, 3));
        assertThat(replicaLog.appendAsLeader(batch(0, RecordBatch.NO_PARTITION_LEADER_EPOCH, 2), 5).firstOffset())
                .isEqualTo(3);

        assertThat(replicaLog.logEndOffset()).isEqualTo(5);
        assertThat(replicaLog.latestEpoch()).isEqualTo(5);
        assertThat(replicaLog.endOffsetForEpoch(4)).isEqualTo(new EpochEndOffset(2, 3));
        assertThat(replicaLog.endOffsetForEpoch(1)).isEqualTo(EpochEndOffset.UNDEFINED);

        replicaLog.truncateTo(3);
        assertThat(replicaLog.logEndOffset()).isEqualTo(3);
        assertThat(replicaLog.latestEpoch()).isEqualTo(2);

        replicaLog.truncateFullyAndStartAt(40);
        assertThat(replicaLog.logStartOffset()).isEqualTo(40);
        assertThat(replicaLog.logEndOffset()).isEqualTo(40);
        assertThat(replicaLog.latestEpoch()).isEqualTo(-1);
    }
}
