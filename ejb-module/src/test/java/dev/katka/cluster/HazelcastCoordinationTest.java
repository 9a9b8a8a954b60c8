package dev.katka.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.cluster.RecordingListener.Became;
import dev.katka.cluster.RecordingListener.Failed;
import dev.katka.cluster.RecordingListener.Lost;
import dev.katka.cluster.RecordingListener.Metadata;
import dev.katka.cluster.RecordingListener.Snapshot;
import dev.katka.cluster.RecordingListener.Started;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import dev.katka.metadata.MetadataRecord.AllocateProducerIds;
import dev.katka.metadata.MetadataRecord.FenceBroker;
import dev.katka.metadata.MetadataRecord.RegisterBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordination on real Hazelcast members (loopback, one JVM), without the CP subsystem: the
 * oldest broker is elected, epochs grow across failover, a deposed controller cannot append, every
 * broker receives the same entries in the same order, late and returning brokers catch up (from a
 * snapshot when the log no longer reaches back), members without a broker are ignored, a
 * cluster whose log was lost starts again from the newest image, and a broker alone in its grid
 * does not wait for others to start it.
 */
class HazelcastCoordinationTest {

    private static final Duration FAILOVER = Duration.ofSeconds(20);

    private final List<TestGrid> grids = new ArrayList<>();
    private final List<TestBroker> brokers = new ArrayList<>();
    private final AtomicLong producerIds = new AtomicLong();

    @AfterEach
    void tearDown() {
        brokers.forEach(TestBroker::close);
        grids.forEach(TestGrid::close);
    }

    @Test
    void oneControllerAtATimeWhoseEpochGrowsWhenItFails() {
        TestGrid grid = grid(3);
        TestBroker first = broker(grid, 0, 1);
        TestBroker second = broker(grid, 1, 2);
        TestBroker third = broker(grid, 2, 3);
        List<TestBroker> all = List.of(first, second, third);

        TestBroker controller = awaitController(all);
        // The oldest broker member is elected, and everyone agrees.
        assertThat(controller).isSameAs(first);
        await().atMost(FAILOVER).until(() -> all.stream().allMatch(b -> b.coordination.controllerId() == 1));
        await().atMost(FAILOVER).until(() -> all.stream().allMatch(b -> b.coordination.liveBrokers().size() == 3));
        int firstEpoch = controller.events.epoch();
        assertThat(controller.coordination.append(firstEpoch, List.of(new FenceBroker(9)))).isTrue();

        grid.kill(controller.slot);

        List<TestBroker> survivors = List.of(second, third);
        TestBroker next = awaitController(survivors);
        assertThat(next).isSameAs(second);
        assertThat(next.events.epoch()).isGreaterThan(firstEpoch);
        await().atMost(FAILOVER).until(() -> survivors.stream()
                .allMatch(b -> b.events.events(Failed.class).contains(new Failed(1))
                        && b.coordination.controllerId() == 2
                        && b.coordination.liveBrokers().stream().map(BrokerRegistration::id)
                        .collect(Collectors.toSet()).equals(Set.of(2, 3))));
        // The new controller took office at the head: it had the entry its predecessor appended.
        assertThat(next.events.events(Became.class)).containsExactly(new Became(next.events.epoch(), 1));
        assertOneControllerPerEpoch(all);
        survivors.forEach(TestBroker::assertWellBehaved);
    }

    @Test
    void aDeposedControllerCannotAppend() {
        TestGrid grid = grid(2);
        TestBroker first = broker(grid, 0, 1);
        TestBroker second = broker(grid, 1, 2);
        TestBroker controller = awaitController(List.of(first, second));
        int deposedEpoch = controller.events.epoch();
        assertThat(controller.coordination.append(deposedEpoch, List.of(new FenceBroker(7)))).isTrue();

        // Another claimant takes the next epoch (as the other side of a network split would).
        MetadataLog log = new MetadataLog(second.member, HeadStore.of(second.member, false));
        LogHead claimed = log.claim(log.head(), 42, UUID.randomUUID());
        assertThat(claimed).isNotNull();
        assertThat(claimed.epoch()).isEqualTo(deposedEpoch + 1);

        assertThat(controller.coordination.append(deposedEpoch, List.of(new FenceBroker(8)))).isFalse();
        await().atMost(FAILOVER).until(() -> controller.events.events(Lost.class).contains(new Lost(deposedEpoch)));
        // The claimant is no live broker: the oldest broker claims again, with a newer epoch still.
        await().atMost(FAILOVER).until(() -> controller.events.epoch() > claimed.epoch());
        int epoch = controller.events.epoch();
        assertThat(controller.coordination.append(deposedEpoch, List.of(new FenceBroker(8)))).isFalse();
        assertThat(controller.coordination.append(epoch, List.of(new FenceBroker(9)))).isTrue();

        await().atMost(FAILOVER).until(() -> second.events.image().version() == 2);
        assertThat(second.events.entries()).extracting(MetadataLogEntry::record)
                .containsExactly(new FenceBroker(7), new FenceBroker(9));
        assertThat(second.events.entries()).extracting(MetadataLogEntry::controllerEpoch)
                .containsExactly(deposedEpoch, epoch);
        first.assertWellBehaved();
        second.assertWellBehaved();
    }

    @Test
    void everyBrokerReceivesTheSameEntriesInTheSameOrder() throws Exception {
        TestGrid grid = grid(3);
        List<TestBroker> all = List.of(broker(grid, 0, 1), broker(grid, 1, 2), broker(grid, 2, 3));
        TestBroker controller = awaitController(all);
        int epoch = controller.events.epoch();

        // Two threads of the controller append at once; each append is all or nothing.
        AtomicLong refused = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    if (!controller.coordination.append(epoch, records(1 + i % 3))) {
                        refused.incrementAndGet();
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        for (Thread writer : writers) {
            writer.join(FAILOVER.toMillis());
        }
        assertThat(refused).hasValue(0);
        long total = 2 * (7 * 1 + 7 * 2 + 6 * 3); // per writer, 20 batches of 1, 2, 3, 1, 2, ... records
        await().atMost(FAILOVER).until(() -> all.stream().allMatch(b -> b.events.image().version() == total));

        List<MetadataLogEntry> reference = controller.events.entries();
        assertThat(reference).extracting(MetadataLogEntry::version)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        for (TestBroker broker : all) {
            assertThat(broker.events.entries()).isEqualTo(reference);
            broker.assertWellBehaved();
        }
    }

    @Test
    void aBrokerThatJoinsLateOrComesBackGetsWhatItMissed() {
        TestGrid grid = grid(3);
        TestBroker first = broker(grid, 0, 1);
        TestBroker second = broker(grid, 1, 2);
        TestBroker controller = awaitController(List.of(first, second));
        int epoch = controller.events.epoch();
        for (int i = 0; i < 10; i++) {
            assertThat(controller.coordination.append(epoch, records(1))).isTrue();
        }

        TestBroker late = broker(grid, 2, 3);
        await().atMost(FAILOVER).until(() -> late.events.image().version() == 10);
        assertThat(late.events.entries()).isEqualTo(controller.events.entries());

        // The second broker stops, misses five entries and comes back with the image it kept.
        await().atMost(FAILOVER).until(() -> second.events.image().version() == 10);
        MetadataImage kept = second.events.image();
        second.close();
        brokers.remove(second);
        grid.shutdown(second.slot);
        for (int i = 0; i < 5; i++) {
            assertThat(controller.coordination.append(epoch, records(1))).isTrue();
        }
        TestBroker back = TestBroker.start(grid, second.slot, 2, 2, kept, TestBroker.FAST);
        brokers.add(back);

        await().atMost(FAILOVER).until(() -> back.events.image().version() == 15);
        List<Metadata> received = back.events.events(Metadata.class);
        assertThat(received.get(0).entries().get(0).version()).isEqualTo(11);
        assertThat(back.events.image()).isEqualTo(controller.events.image());
        // The controller heard of the broker's new life.
        await().atMost(FAILOVER).until(() -> controller.events.events(Started.class)
                .contains(new Started(back.registration)));
        List.of(first, late, back).forEach(TestBroker::assertWellBehaved);
    }

    @Test
    void membersThatRunNoBrokerAreIgnored() {
        TestGrid grid = grid(3);
        grid.start(0); // an application server only, and the oldest member
        TestBroker first = broker(grid, 1, 1);
        TestBroker second = broker(grid, 2, 2);
        List<TestBroker> all = List.of(first, second);

        TestBroker controller = awaitController(all);
        assertThat(controller).isSameAs(first);
        await().atMost(FAILOVER).until(() -> all.stream().allMatch(b -> b.coordination.liveBrokers().size() == 2));

        grid.kill(0);
        await().atMost(FAILOVER).until(() -> all.stream().allMatch(b -> b.member.getCluster().getMembers().size() == 2));
        // Two appends in turn: the round that delivers the second began after the one that
        // delivered the first, which had seen the member gone.
        int epoch = controller.events.epoch();
        for (long version = 1; version <= 2; version++) {
            assertThat(controller.coordination.append(epoch, records(1))).isTrue();
            long expected = version;
            await().atMost(FAILOVER).until(() -> all.stream().allMatch(b -> b.events.image().version() == expected));
        }
        for (TestBroker broker : all) {
            assertThat(broker.events.events(Failed.class)).isEmpty();
            assertThat(broker.events.events(Lost.class)).isEmpty();
            assertThat(broker.coordination.controllerId()).isEqualTo(1);
            broker.assertWellBehaved();
        }
    }

    @Test
    void aBrokerFurtherBehindThanTheLogKeepsStartsFromASnapshot() {
        HazelcastCoordination.Settings small = new HazelcastCoordination.Settings(Duration.ofMillis(100), 5,
                Duration.ofMillis(200));
        TestGrid grid = grid(2);
        TestBroker first = TestBroker.start(grid, 0, 1, 1, MetadataImage.EMPTY, small);
        brokers.add(first);
        TestBroker controller = awaitController(List.of(first));
        int epoch = controller.events.epoch();
        for (int i = 0; i < 30; i++) {
            assertThat(controller.coordination.append(epoch, records(1))).isTrue();
        }
        MetadataLog log = new MetadataLog(first.member, HeadStore.of(first.member, false));
        await().atMost(FAILOVER).until(() -> log.head().floor() >= 20
                && first.member.getMap(MetadataLog.ENTRIES).size() <= 6);

        TestBroker late = TestBroker.start(grid, 1, 2, 1, MetadataImage.EMPTY, small);
        brokers.add(late);
        await().atMost(FAILOVER).until(() -> late.events.image().version() == 30);
        List<Snapshot> snapshots = late.events.events(Snapshot.class);
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).image().version()).isGreaterThanOrEqualTo(20);
        assertThat(late.events.events().get(0)).isInstanceOf(Snapshot.class);
        assertThat(late.events.image()).isEqualTo(controller.events.image());
        first.assertWellBehaved();
        late.assertWellBehaved();
    }

    @Test
    void aClusterWithoutItsLogStartsAgainFromTheNewestImage() {
        // Brokers that kept their images (a full-cluster restart): broker 2's is newer.
        MetadataImage older = apply(MetadataImage.EMPTY, 3, 4);
        MetadataImage newer = apply(older, 4, 6);
        TestGrid grid = grid(2);
        // Both members first, then both brokers: they start together, as after a full restart.
        var firstMember = grid.start(0);
        var secondMember = grid.start(1);
        TestBroker first = TestBroker.join(firstMember, 0, 1, 2, older, TestBroker.FAST);
        TestBroker second = TestBroker.join(secondMember, 1, 2, 2, newer, TestBroker.FAST);
        brokers.add(first);
        brokers.add(second);

        TestBroker controller = awaitController(List.of(first, second));
        // The log starts from the newest image; the controller's epoch is above every one before.
        assertThat(controller.events.image()).isEqualTo(newer);
        assertThat(controller.events.epoch()).isEqualTo(5);
        await().atMost(FAILOVER).until(() -> first.events.image().equals(newer));
        assertThat(first.events.events(Snapshot.class)).containsExactly(new Snapshot(newer));
        assertThat(second.events.events(Snapshot.class)).isEmpty();
        first.assertWellBehaved();
        second.assertWellBehaved();
    }

    @Test
    void aBrokerWhoseGridLooksForNoOtherMemberStartsTheLogWithoutWaiting() {
        // A grace far longer than the wait below: only a broker that waits for nobody passes.
        HazelcastCoordination.Settings patient = new HazelcastCoordination.Settings(Duration.ofMillis(100), 10_000,
                Duration.ofHours(1));
        TestBroker alone = TestBroker.start(grid(1), 0, 1, 1, MetadataImage.EMPTY, patient);
        brokers.add(alone);

        assertThat(awaitController(List.of(alone))).isSameAs(alone);
        alone.assertWellBehaved();
    }

    // ---------------------------------------------------------------- helpers

    private TestGrid grid(int size) {
        TestGrid grid = new TestGrid(size, 0);
        grids.add(grid);
        return grid;
    }

    private TestBroker broker(TestGrid grid, int slot, int id) {
        TestBroker broker = TestBroker.start(grid, slot, id);
        brokers.add(broker);
        return broker;
    }

    static TestBroker awaitController(List<TestBroker> candidates) {
        await().atMost(FAILOVER).until(() -> candidates.stream().filter(TestBroker::isController).count() == 1);
        Optional<TestBroker> controller = candidates.stream().filter(TestBroker::isController).findFirst();
        return controller.orElseThrow();
    }

    /** Epochs of all becameController events, across brokers: never one twice. */
    static void assertOneControllerPerEpoch(List<TestBroker> all) {
        List<Integer> epochs = new ArrayList<>();
        all.forEach(b -> b.events.events(Became.class).forEach(e -> epochs.add(e.epoch())));
        assertThat(new HashSet<>(epochs)).hasSameSizeAs(epochs);
    }

    private List<MetadataRecord> records(int count) {
        List<MetadataRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new AllocateProducerIds(producerIds.addAndGet(1000)));
        }
        return records;
    }

    /** The image after {@code count} more entries of controller epoch {@code epoch}. */
    private static MetadataImage apply(MetadataImage image, int epoch, int count) {
        MetadataImage result = image;
        for (int i = 0; i < count; i++) {
            long version = result.version() + 1;
            result = result.apply(new MetadataLogEntry(version, epoch,
                    new RegisterBroker(new BrokerRegistration((int) version, "h", 1, null, 1))));
        }
        return result;
    }
}
