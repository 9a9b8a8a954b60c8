package dev.katka.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.config.BrokerConfig;
import dev.katka.log.LogAppendResult;
import dev.katka.log.ManualTime;
import dev.katka.log.PartitionLog;
import dev.katka.metadata.PartitionState;
import dev.katka.replication.PartitionReplicaLog;
import dev.katka.replication.ReplicationAction;
import dev.katka.replication.ReplicationAction.RequestIsrChange;
import dev.katka.topic.TopicConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leader's partition on a real log, with its followers played by the test: what producers
 * waiting for acks=all are told, and when consumers see records.
 */
class PartitionTest {

    private static final int LEADER = 1;
    private static final int FOLLOWER = 2;
    private static final long LAG_MAX_MS = 30_000;

    @TempDir
    Path dir;

    private final ManualTime time = new ManualTime();
    private final List<ReplicationAction> sent = new CopyOnWriteArrayList<>();
    private PartitionLog log;
    private Partition partition;

    @BeforeEach
    void open() {
        log = PartitionLog.open(dir.resolve("t-0"),
                new TopicConfigs(BrokerConfig.defaults()).effective(Map.of()).logConfig(), time);
        partition = new Partition(new TopicIdPartition(Uuid.randomUuid(), 0, "t"), LEADER, log,
                new PartitionReplicaLog(log), 0, LAG_MAX_MS, (p, action) -> sent.add(action), time);
    }

    @AfterEach
    void close() {
        log.close();
    }

    private static MemoryRecords records(int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("value-" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private void lead(List<Integer> isr, int minInsync) {
        partition.onMetadata(new PartitionState(List.of(LEADER, FOLLOWER), isr, LEADER, 0, 0, List.of(), List.of()),
                minInsync);
    }

    @Test
    void acksAllIsAnsweredOnceTheFollowerHasTheRecords() {
        lead(List.of(LEADER, FOLLOWER), 2);

        CompletableFuture<LogAppendResult> append = partition.appendAsLeader(records(3), (short) -1, 30_000)
                .toCompletableFuture();

        assertThat(append).isNotDone();
        assertThat(partition.highWatermark()).as("consumers see nothing yet").isZero();

        partition.onFollowerFetch(FOLLOWER, 3, 0, 0);

        assertThat(append).isCompletedWithValueMatching(r -> r.firstOffset() == 0 && r.lastOffset() == 2);
        assertThat(partition.highWatermark()).isEqualTo(3);
    }

    @Test
    void acksOneIsAnsweredAtOnceButConsumersWaitForTheFollower() {
        lead(List.of(LEADER, FOLLOWER), 2);

        CompletableFuture<LogAppendResult> append = partition.appendAsLeader(records(2), (short) 1, 30_000)
                .toCompletableFuture();

        assertThat(append).isCompleted();
        assertThat(partition.read(0, 1 << 20, true).records().sizeInBytes()).isZero();
        partition.onFollowerFetch(FOLLOWER, 2, 0, 0);
        assertThat(partition.read(0, 1 << 20, true).records().sizeInBytes()).isPositive();
    }

    @Test
    void acksAllIsRefusedWhenTheIsrIsBelowMinInsync() {
        lead(List.of(LEADER), 2);

        assertThatThrownBy(() -> partition.appendAsLeader(records(1), (short) -1, 30_000))
                .isInstanceOf(NotEnoughReplicasException.class);
        assertThat(log.logEndOffset()).as("nothing appended").isZero();
    }

    @Test
    void aLaggingFollowerLeavesTheIsrAndWaitingProducersAreToldTheIsrIsTooSmall() {
        lead(List.of(LEADER, FOLLOWER), 2);
        CompletableFuture<LogAppendResult> append = partition.appendAsLeader(records(1), (short) -1, 60_000)
                .toCompletableFuture();

        time.advance(LAG_MAX_MS + 1);
        partition.onTick();

        assertThat(sent).singleElement().isEqualTo(new RequestIsrChange(0, 0, List.of(LEADER)));
        partition.onIsrChangeAnswer(new RequestIsrChange(0, 0, List.of(LEADER)), Errors.NONE,
                new PartitionState(List.of(LEADER, FOLLOWER), List.of(LEADER), LEADER, 0, 1, List.of(), List.of()));
        assertThat(append).isCompletedExceptionally();
        assertThatThrownBy(append::join).hasCauseInstanceOf(NotEnoughReplicasAfterAppendException.class);
    }

    @Test
    void aLateAnswerToAnEarlierIsrChangeLeavesTheChangeInFlightAlone() {
        lead(List.of(LEADER, FOLLOWER), 1);
        time.advance(LAG_MAX_MS + 1);
        partition.onTick();
        RequestIsrChange shrink = new RequestIsrChange(0, 0, List.of(LEADER));
        assertThat(sent).containsExactly(shrink);
        // The metadata brings the shrink before the controller's answer does.
        PartitionState shrunk = new PartitionState(List.of(LEADER, FOLLOWER), List.of(LEADER), LEADER, 0, 1, List.of(),
                List.of());
        partition.onMetadata(shrunk, 1);
        partition.appendAsLeader(records(3), (short) 1, 30_000);
        partition.onFollowerFetch(FOLLOWER, 3, 0, 0);
        RequestIsrChange expand = new RequestIsrChange(0, 1, List.of(LEADER, FOLLOWER));
        assertThat(sent).containsExactly(shrink, expand);

        partition.onIsrChangeAnswer(shrink, Errors.NONE, shrunk);
        partition.appendAsLeader(records(2), (short) 1, 30_000);
        partition.onTick();

        // The controller may still commit the expansion and later elect the follower: until it
        // answers, the follower holds the high watermark back, and nothing else is asked.
        assertThat(partition.highWatermark()).isEqualTo(3);
        assertThat(sent).containsExactly(shrink, expand);
    }

    @Test
    void acksAllTimesOutWhenTheFollowerNeverComes() {
        lead(List.of(LEADER, FOLLOWER), 1);
        CompletableFuture<LogAppendResult> append = partition.appendAsLeader(records(1), (short) -1, 1_000)
                .toCompletableFuture();

        time.advance(1_001);
        partition.onTick();

        assertThatThrownBy(append::join).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void aReplicaThatStopsLeadingAnswersWaitingProducersAndRefusesReads() {
        lead(List.of(LEADER, FOLLOWER), 2);
        CompletableFuture<LogAppendResult> append = partition.appendAsLeader(records(1), (short) -1, 30_000)
                .toCompletableFuture();

        partition.onMetadata(new PartitionState(List.of(LEADER, FOLLOWER), List.of(FOLLOWER), FOLLOWER, 1, 1,
                List.of(), List.of()), 2);

        assertThatThrownBy(append::join).hasCauseInstanceOf(NotLeaderOrFollowerException.class);
        assertThatThrownBy(() -> partition.read(0, 1024, true)).isInstanceOf(NotLeaderOrFollowerException.class);
        assertThat(partition.leaderId()).isEqualTo(FOLLOWER);
    }

    @Test
    void deleteRecordsAnswersOnceTheInSyncFollowerReportsTheNewLogStart() {
        lead(List.of(LEADER, FOLLOWER), 1);
        partition.appendAsLeader(records(5), (short) 1, 30_000);
        partition.onFollowerFetch(FOLLOWER, 5, 0, 0);

        CompletableFuture<Long> deleted = partition.deleteRecordsBefore(3, 30_000).toCompletableFuture();

        assertThat(log.logStartOffset()).as("deleted on the leader at once").isEqualTo(3);
        assertThat(deleted).isNotDone();
        partition.onFollowerFetch(FOLLOWER, 5, 3, 0);
        assertThat(deleted).isCompletedWithValue(3L);
    }

    @Test
    void deleteRecordsWaitsForAFollowerOutOfTheIsrThatStillFetches() {
        lead(List.of(LEADER), 1);
        partition.appendAsLeader(records(5), (short) 1, 30_000);
        partition.onFollowerFetch(FOLLOWER, 5, 0, 0);

        CompletableFuture<Long> deleted = partition.deleteRecordsBefore(3, 30_000).toCompletableFuture();

        assertThat(deleted).as("the follower still has the records").isNotDone();
        partition.onFollowerFetch(FOLLOWER, 5, 3, 0);
        assertThat(deleted).isCompletedWithValue(3L);
    }

    @Test
    void deleteRecordsAboveTheHighWatermarkIsOutOfRangeAndAWaitTimesOut() {
        lead(List.of(LEADER, FOLLOWER), 1);
        partition.appendAsLeader(records(5), (short) 1, 30_000);
        partition.onFollowerFetch(FOLLOWER, 2, 0, 0);   // high watermark 2

        assertThatThrownBy(() -> partition.deleteRecordsBefore(3, 1_000))
                .isInstanceOf(org.apache.kafka.common.errors.OffsetOutOfRangeException.class)
                .hasMessageContaining("high watermark 2");
        CompletableFuture<Long> deleted = partition.deleteRecordsBefore(-1, 1_000).toCompletableFuture();
        assertThat(log.logStartOffset()).as("-1 means the high watermark").isEqualTo(2);
        time.advance(1_001);
        partition.onTick();
        assertThatThrownBy(deleted::join).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void aFollowerDeletesWhatItsLeaderDeletedAsFarAsItsHighWatermark() {
        partition.onMetadata(new PartitionState(List.of(LEADER, FOLLOWER), List.of(LEADER, FOLLOWER), FOLLOWER, 0, 0,
                List.of(), List.of()), 1);
        MemoryRecords fromLeader = MemoryRecords.withRecords(0, Compression.NONE, 0, new SimpleRecord("a".getBytes()),
                new SimpleRecord("b".getBytes()), new SimpleRecord("c".getBytes()), new SimpleRecord("d".getBytes()));

        partition.onFetchResponse(0, 0, Errors.NONE, fromLeader, 3, 2);

        assertThat(log.logEndOffset()).isEqualTo(4);
        assertThat(log.logStartOffset()).as("only what is below its high watermark").isEqualTo(2);
        partition.onFetchResponse(4, 0, Errors.NONE, MemoryRecords.EMPTY, 3, 4);
        assertThat(log.logStartOffset()).isEqualTo(3);
    }
}
