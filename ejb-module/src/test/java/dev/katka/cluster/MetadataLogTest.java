package dev.katka.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import dev.katka.metadata.MetadataRecord.AllocateProducerIds;
import dev.katka.metadata.MetadataRecordCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metadata log's protocol on one real member: a deposed controller's appends never count, not
 * even when they race with its successor's; what was acknowledged is in the log at the version
 * returned; trimming keeps the tail and a snapshot that the head names.
 */
class MetadataLogTest {

    private static TestGrid grid;
    private static HazelcastInstance member;

    private MetadataLog log;

    @BeforeAll
    static void startMember() {
        grid = new TestGrid(1, 0);
        member = grid.start(0);
    }

    @AfterAll
    static void stopMember() {
        grid.close();
    }

    @BeforeEach
    void emptyLog() {
        member.getMap(HeadStore.NAME).clear();
        member.getMap(MetadataLog.ENTRIES).clear();
        member.getMap(MetadataLog.SNAPSHOTS).clear();
        log = new MetadataLog(member, HeadStore.of(member, false));
        assertThat(log.seed(MetadataImage.EMPTY)).isTrue();
        assertThat(log.seed(MetadataImage.EMPTY)).isFalse();
    }

    @Test
    void aDeposedControllersWritesNeverCount() {
        LogHead first = log.claim(log.head(), 1, UUID.randomUUID());
        assertThat(log.append(first.epoch(), 0, records(3))).isEqualTo(3);
        LogHead second = log.claim(log.head(), 2, UUID.randomUUID());
        assertThat(second.epoch()).isEqualTo(first.epoch() + 1);

        assertThat(log.append(first.epoch(), 3, records(1))).isEqualTo(-1);
        // What a deposed controller may have written before noticing: entries above the head.
        IMap<Long, byte[]> entries = member.getMap(MetadataLog.ENTRIES);
        entries.set(4L, MetadataRecordCodec.encode(new MetadataLogEntry(4, first.epoch(), new AllocateProducerIds(-4))));
        entries.set(5L, MetadataRecordCodec.encode(new MetadataLogEntry(5, first.epoch(), new AllocateProducerIds(-5))));

        assertThat(log.append(second.epoch(), 3, records(1))).isEqualTo(4);
        assertThat(log.head().version()).isEqualTo(4);
        List<MetadataLogEntry> read = log.read(1, log.head().version());
        assertThat(read).extracting(MetadataLogEntry::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(read).extracting(MetadataLogEntry::controllerEpoch)
                .containsExactly(first.epoch(), first.epoch(), first.epoch(), second.epoch());
        // The successor's next append replaces the other leftover too.
        assertThat(log.append(second.epoch(), 4, records(1))).isEqualTo(5);
        assertThat(log.read(5, 5).get(0).controllerEpoch()).isEqualTo(second.epoch());
        // And a commit made with a stale idea of the head is refused before it writes anything.
        assertThat(log.append(second.epoch(), 3, records(1))).isEqualTo(-1);
        assertThat(log.read(4, 5)).extracting(e -> e.record()).doesNotContain(new AllocateProducerIds(-4));
    }

    @Test
    void aRaceBetweenADeposedControllerAndItsSuccessorKeepsExactlyTheAcknowledgedAppends() throws Exception {
        for (int round = 0; round < 5; round++) {
            emptyLog();
            LogHead first = log.claim(log.head(), 1, UUID.randomUUID());
            List<MetadataLogEntry> acknowledged = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch running = new CountDownLatch(5);
            Thread deposed = new Thread(() -> appendUntilRefused(first.epoch(), acknowledged, running));
            deposed.start();
            running.await(10, TimeUnit.SECONDS);
            // The successor claims while the deposed controller is in the middle of its appends.
            LogHead second = claimNow(2);
            long committed = second.version();
            for (int i = 0; i < 20; i++) {
                List<MetadataRecord> batch = records(1 + i % 2);
                long next = log.append(second.epoch(), committed, batch);
                assertThat(next).isEqualTo(committed + batch.size());
                for (int k = 0; k < batch.size(); k++) {
                    acknowledged.add(new MetadataLogEntry(committed + 1 + k, second.epoch(), batch.get(k)));
                }
                committed = next;
            }
            deposed.join(20_000);
            assertThat(deposed.isAlive()).isFalse();

            LogHead head = log.head();
            List<MetadataLogEntry> inLog = new ArrayList<>();
            for (long from = 1; from <= head.version(); from = inLog.size() + 1) {
                inLog.addAll(log.read(from, head.version()));
            }
            List<MetadataLogEntry> expected = new ArrayList<>(acknowledged);
            expected.sort((a, b) -> Long.compare(a.version(), b.version()));
            assertThat(inLog).isEqualTo(expected);
            assertThat(inLog).extracting(MetadataLogEntry::controllerEpoch).isSorted();
            assertThat(inLog.stream().filter(e -> e.version() > second.version()))
                    .allMatch(e -> e.controllerEpoch() == second.epoch());
        }
    }

    @Test
    void trimmingKeepsTheTailAndASnapshotTheHeadNames() {
        LogHead claimed = log.claim(log.head(), 1, UUID.randomUUID());
        MetadataImage image = MetadataImage.EMPTY;
        long committed = 0;
        for (int i = 0; i < 20; i++) {
            List<MetadataRecord> batch = records(1);
            committed = log.append(claimed.epoch(), committed, batch);
            image = image.apply(new MetadataLogEntry(committed, claimed.epoch(), batch.get(0)));
        }
        assertThat(log.trim(claimed.epoch() + 1, image, 12)).isFalse();
        assertThat(log.trim(claimed.epoch(), image, 12)).isTrue();

        LogHead head = log.head();
        assertThat(head.floor()).isEqualTo(12);
        assertThat(head.snapshotVersion()).isEqualTo(20);
        assertThat(log.snapshot(20)).isEqualTo(image);
        assertThat(log.snapshot(0)).isNull();
        assertThat(log.read(12, 20)).isEmpty();
        assertThat(log.read(13, 20)).extracting(MetadataLogEntry::version)
                .containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
        assertThat(member.getMap(MetadataLog.ENTRIES).size()).isEqualTo(8);
        // Appends go on above the head, with the floor where the trim left it.
        assertThat(log.append(claimed.epoch(), 20, records(1))).isEqualTo(21);
        assertThat(log.head().floor()).isEqualTo(12);
    }

    private void appendUntilRefused(int epoch, List<MetadataLogEntry> acknowledged, CountDownLatch running) {
        long committed = 0;
        while (true) {
            List<MetadataRecord> batch = records(1 + (int) (committed % 3));
            long next = log.append(epoch, committed, batch);
            if (next < 0) {
                return;
            }
            for (int k = 0; k < batch.size(); k++) {
                acknowledged.add(new MetadataLogEntry(committed + 1 + k, epoch, batch.get(k)));
            }
            committed = next;
            running.countDown();
        }
    }

    /** Claims the next epoch at whatever the head is now. */
    private LogHead claimNow(int brokerId) {
        while (true) {
            LogHead claimed = log.claim(log.head(), brokerId, UUID.randomUUID());
            if (claimed != null) {
                return claimed;
            }
        }
    }

    private static long nextId;

    private static List<MetadataRecord> records(int count) {
        List<MetadataRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            synchronized (MetadataLogTest.class) {
                records.add(new AllocateProducerIds(++nextId));
            }
        }
        return records;
    }
}
