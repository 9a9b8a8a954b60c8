package dev.katka.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.metadata.MetadataRecord.AddPartitions;
import dev.katka.metadata.MetadataRecord.AllocateProducerIds;
import dev.katka.metadata.MetadataRecord.ChangePartition;
import dev.katka.metadata.MetadataRecord.ChangeTopicConfigs;
import dev.katka.metadata.MetadataRecord.CreateTopic;
import dev.katka.metadata.MetadataRecord.DeleteTopic;
import dev.katka.metadata.MetadataRecord.FenceBroker;
import dev.katka.metadata.MetadataRecord.RegisterBroker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Uuid;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata image in a real H2 file database: saved as the difference from the image before,
 * loaded equal to what was saved, also after a restart, a failed save or a crash part-way.
 */
class JpaMetadataStoreImageTest {

    @TempDir
    Path dataDir;

    private H2Metadata metadata;

    /** The image last saved: what the next save starts from. */
    private MetadataImage saved = MetadataImage.EMPTY;

    private MetadataStore open() {
        return open(Map.of());
    }

    private MetadataStore open(Map<String, Object> settings) {
        metadata = H2Metadata.open(dataDir, settings);
        return metadata.store();
    }

    private MetadataStore reopen() {
        metadata.close();
        return open();
    }

    @AfterEach
    void close() {
        if (metadata != null) {
            metadata.close();
        }
    }

    private void save(MetadataImage after) {
        metadata.store().saveImage(saved, after);
        saved = after;
    }

    /** Saves, restarts, and checks that the restarted store holds exactly the saved image. */
    private void saveAndRestart(MetadataImage after) {
        save(after);
        assertThat(reopen().loadImage()).contains(after);
    }

    @Test
    void aStoreWithoutImageLoadsNone() {
        assertThat(open().loadImage()).isEmpty();
        assertThat(reopen().loadImage()).isEmpty();
    }

    @Test
    void theEmptyImageCanBeSavedAndLoaded() {
        open();
        saveAndRestart(MetadataImage.EMPTY);
    }

    @Test
    void aClusterHistoryLoadsAsSavedAfterEveryRestart() {
        open();
        ImageHistory log = new ImageHistory();

        saveAndRestart(log.apply(register(1, "rack-a", 101), register(2, "rack-b", 102), register(3, null, 103)));

        TopicImage orders = new TopicImage(Uuid.randomUuid(), "orders",
                Map.of("retention.ms", "86400000", "cleanup.policy", "compact", "min.insync.replicas", "2"),
                List.of(PartitionState.initial(List.of(1, 2, 3)), PartitionState.initial(List.of(2, 3, 1)),
                        PartitionState.initial(List.of(3, 1, 2))));
        TopicImage events = new TopicImage(Uuid.randomUuid(), "events", Map.of(),
                List.of(PartitionState.initial(List.of(1, 2)), PartitionState.initial(List.of(2, 3))));
        saveAndRestart(log.apply(new CreateTopic(orders), new CreateTopic(events)));

        // ISR shrinks and grows again, a leader moves: one partition each.
        saveAndRestart(log.apply(change(log, "orders", 1, p -> p.withIsr(List.of(2, 1)))));
        save(log.apply(change(log, "orders", 0, p -> p.withLeader(2, List.of(2, 3)))));
        saveAndRestart(log.apply(change(log, "orders", 1, p -> p.withIsr(List.of(2, 1, 3)))));

        // Broker 4 joins and takes over events-0 from broker 2: add, catch up, drop.
        saveAndRestart(log.apply(register(4, "rack-b", 104),
                change(log, "events", 0, p -> p.withReplicas(List.of(1, 4, 2), p.isr(), List.of(4), List.of(2)))));
        saveAndRestart(log.apply(change(log, "events", 0, p -> p.withIsr(List.of(1, 2, 4)))));
        saveAndRestart(log.apply(change(log, "events", 0,
                p -> p.withReplicas(List.of(1, 4), List.of(1, 4), List.of(), List.of()))));

        // Broker 3 fails: it leaves every ISR, orders-2 gets a new leader.
        log.apply(new FenceBroker(3));
        log.apply(change(log, "orders", 0, p -> p.withIsr(List.of(2))));
        log.apply(change(log, "orders", 1, p -> p.withIsr(List.of(2, 1))));
        log.apply(change(log, "orders", 2, p -> p.withLeader(1, List.of(1, 2))));
        saveAndRestart(log.apply(change(log, "events", 1, p -> p.withIsr(List.of(2)))));

        // One configuration removed, one changed, one added; a partition added; producer ids.
        save(log.apply(new ChangeTopicConfigs(orders.id(),
                Map.of("retention.ms", "3600000", "min.insync.replicas", "2", "segment.bytes", "1048576"))));
        save(log.apply(new AddPartitions(orders.id(), List.of(PartitionState.initial(List.of(4, 1, 2))))));
        saveAndRestart(log.apply(new AllocateProducerIds(1000), new AllocateProducerIds(2000)));

        // events is deleted and created again under its name, in one save.
        TopicImage eventsAgain = new TopicImage(Uuid.randomUuid(), "events", Map.of("retention.bytes", "-1"),
                List.of(PartitionState.initial(List.of(4, 1))));
        saveAndRestart(log.apply(new DeleteTopic(events.id()), new CreateTopic(eventsAgain)));

        // A new controller; broker 3 comes back as a new incarnation and is in sync again.
        log.newController();
        log.apply(register(3, null, 203));
        saveAndRestart(log.apply(change(log, "orders", 2, p -> p.withIsr(List.of(1, 2, 3)))));

        MetadataImage last = metadata.store().loadImage().orElseThrow();
        assertThat(last.version()).isEqualTo(25);
        assertThat(last.controllerEpoch()).isEqualTo(2);
        assertThat(last.nextProducerId()).isEqualTo(2000);
        assertThat(last.fenced()).isEmpty();
        assertThat(last.topic("orders").orElseThrow().partitions()).hasSize(4);
        assertThat(last.topic("events")).map(TopicImage::id).contains(eventsAgain.id());
    }

    @Test
    void anIsrChangeWritesOnlyItsPartitionRowAndTheVersionRow() {
        open();
        ImageHistory log = new ImageHistory();
        log.apply(register(1, null, 1), register(2, null, 2), register(3, null, 3));
        for (int t = 0; t < 20; t++) {
            List<PartitionState> partitions = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                partitions.add(PartitionState.initial(List.of(1 + p % 3, 1 + (p + 1) % 3, 1 + (p + 2) % 3)));
            }
            log.apply(new CreateTopic(new TopicImage(Uuid.randomUuid(), "topic-" + t, Map.of("retention.ms", "1000"),
                    partitions)));
        }
        saveAndRestart(log.image());

        Statistics statistics = metadata.statistics();
        save(log.apply(change(log, "topic-7", 2, p -> p.withIsr(List.of(p.leader())))));

        // Read: the version row (locked) and the partition's row; written: the same two.
        assertThat(statistics.getEntityLoadCount()).isEqualTo(2);
        assertThat(statistics.getEntityUpdateCount()).isEqualTo(2);
        assertThat(statistics.getEntityInsertCount()).isZero();
        assertThat(statistics.getEntityDeleteCount()).isZero();
        assertThat(statistics.getCollectionLoadCount()).isZero();
        assertThat(statistics.getCollectionUpdateCount() + statistics.getCollectionRecreateCount()
                + statistics.getCollectionRemoveCount()).isZero();
        assertThat(statistics.getPrepareStatementCount()).isEqualTo(4);
        assertThat(reopen().loadImage()).contains(saved);
    }

    @Test
    void aSaveThatFailsAtAnyStatementLeavesThePreviousImage() {
        FailingStatement failing = new FailingStatement();
        open(Map.of("hibernate.session_factory.statement_inspector", failing));
        ImageHistory log = new ImageHistory();
        MetadataImage first = busyHistory(log);
        failAtEveryStatement(failing, MetadataImage.EMPTY, first);
        assertThat(metadata.store().loadImage()).contains(first);

        MetadataImage second = changeEverything(log);
        failAtEveryStatement(failing, first, second);
        assertThat(reopen().loadImage()).contains(second);
    }

    /**
     * Fails the save of {@code after} at its first statement, then at its second, and so on until
     * it succeeds; after each failure the store must still hold {@code before}.
     */
    private void failAtEveryStatement(FailingStatement failing, MetadataImage before, MetadataImage after) {
        Optional<MetadataImage> expected = before.equals(MetadataImage.EMPTY) ? Optional.empty() : Optional.of(before);
        for (int statement = 1; ; statement++) {
            failing.failStatement(statement);
            try {
                metadata.store().saveImage(before, after);
            } catch (MetadataStoreException e) {
                assertThat(failing.fired()).as("failure at statement %d", statement).isTrue();
                assertThat(e).hasStackTraceContaining("injected failure");
                assertThat(metadata.store().loadImage()).as("after a failure at statement %d", statement)
                        .isEqualTo(expected);
                continue;
            }
            failing.disarm();
            // Far more statements than one: the failures came part-way, with rows already written.
            assertThat(statement).isGreaterThan(10);
            saved = after;
            return;
        }
    }

    @Test
    void aCrashPartWayThroughASaveLeavesThePreviousImage() {
        CrashingStatement crashing = new CrashingStatement(H2Metadata.url(dataDir));
        Map<String, Object> settings = Map.of("hibernate.session_factory.statement_inspector", crashing);
        open(settings);
        ImageHistory log = new ImageHistory();
        save(busyHistory(log));
        MetadataImage next = changeEverything(log);

        // Crash before the first statement of the save, then before the second, ... until it gets through.
        for (int statement = 1; ; statement++) {
            crashing.crashAtStatement(statement);
            try {
                metadata.store().saveImage(saved, next);
            } catch (MetadataStoreException e) {
                assertThat(crashing.crashed()).as("crash at statement %d", statement).isTrue();
                metadata.close();
                assertThat(open(settings).loadImage()).as("after a crash at statement %d", statement).contains(saved);
                continue;
            }
            crashing.disarm();
            assertThat(statement).isGreaterThan(10);
            break;
        }
        assertThat(reopen().loadImage()).contains(next);
    }

    @Test
    void aSaveFromAnImageThatIsNotTheStoredOneIsRefused() {
        MetadataStore store = open();
        ImageHistory log = new ImageHistory();
        MetadataImage base = log.apply(register(1, null, 1));
        save(base);
        MetadataImage mine = log.apply(register(2, null, 2));
        save(mine);

        // Another writer still believes the store holds base.
        MetadataImage theirs = base.apply(new MetadataLogEntry(2, 1, new RegisterBroker(
                new BrokerRegistration(3, "other", 9092, null, 3))));
        assertThatThrownBy(() -> store.saveImage(base, theirs))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining("follows version 1")
                .hasMessageContaining("holds version 2");
        assertThatThrownBy(() -> store.saveImage(MetadataImage.EMPTY, theirs))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("holds version 2");
        assertThat(reopen().loadImage()).contains(mine);
    }

    @Test
    void ofConcurrentSavesFromTheSameImageOneWinsAndTheOthersChangeNothing() throws Exception {
        MetadataStore store = open();
        ImageHistory log = new ImageHistory();
        MetadataImage base = busyHistory(log);
        save(base);
        int writers = 4;
        List<MetadataImage> afters = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int brokerId = 100 + w;
            afters.add(base.apply(new MetadataLogEntry(base.version() + 1, 1, new RegisterBroker(
                    new BrokerRegistration(brokerId, "writer-" + w, 9092, null, w)))));
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<MetadataImage> winners = new ArrayList<>();
        List<MetadataStoreException> losers = new ArrayList<>();
        try {
            List<Future<MetadataStoreException>> results = new ArrayList<>();
            for (MetadataImage after : afters) {
                Callable<MetadataStoreException> writer = () -> {
                    go.await();
                    try {
                        store.saveImage(base, after);
                        return null;
                    } catch (MetadataStoreException e) {
                        return e;
                    }
                };
                results.add(pool.submit(writer));
            }
            go.countDown();
            for (int w = 0; w < writers; w++) {
                MetadataStoreException failure = results.get(w).get(60, TimeUnit.SECONDS);
                if (failure == null) {
                    winners.add(afters.get(w));
                } else {
                    losers.add(failure);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(winners).hasSize(1);
        assertThat(losers).hasSize(writers - 1).allSatisfy(e -> assertThat(e).hasMessageContaining("holds version"));
        assertThat(reopen().loadImage()).contains(winners.get(0));
    }

    @Test
    void aLoadDuringSavesSeesOneSavedImageNeverAMixture() throws Exception {
        MetadataStore store = open();
        ImageHistory log = new ImageHistory();
        save(busyHistory(log));
        List<MetadataImage> images = new ArrayList<>(List.of(saved));
        for (int i = 0; i < 30; i++) {
            // Every save changes rows of all four tables.
            TopicImage orders = log.image().topic("orders").orElseThrow();
            log.apply(register(1, "rack-" + i, i));
            log.apply(new ChangeTopicConfigs(orders.id(), Map.of("retention.ms", Integer.toString(i))));
            for (int p = 0; p < orders.partitions().size(); p++) {
                log.apply(change(log, "orders", p, state -> state.withLeader(state.leader(), state.isr())));
            }
            images.add(log.apply(new AllocateProducerIds(10_000 + i)));
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = pool.submit(() -> images.subList(1, images.size()).forEach(this::save));
            int loads = 0;
            while (!writer.isDone() || loads == 0) {
                assertThat(images).contains(store.loadImage().orElseThrow());
                loads++;
            }
            writer.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.loadImage()).contains(images.get(images.size() - 1));
    }

    @Test
    void anImageFencingAnUnregisteredBrokerIsRefusedBeforeWriting() {
        MetadataStore store = open();
        MetadataImage image = new ImageHistory().apply(register(1, null, 1), new FenceBroker(7));
        assertThatThrownBy(() -> store.saveImage(MetadataImage.EMPTY, image))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fences broker 7");
        assertThat(store.loadImage()).isEmpty();
    }

    // ---------------------------------------------------------------- histories

    /** Three brokers, two topics with configurations, a reassignment under way, a fenced broker. */
    private static MetadataImage busyHistory(ImageHistory log) {
        log.apply(register(1, "rack-a", 11), register(2, "rack-b", 12), register(3, "rack-c", 13));
        log.apply(new CreateTopic(new TopicImage(Uuid.randomUuid(), "orders",
                Map.of("retention.ms", "1000", "cleanup.policy", "compact"),
                List.of(PartitionState.initial(List.of(1, 2)), PartitionState.initial(List.of(2, 3)),
                        PartitionState.initial(List.of(3, 1))))));
        log.apply(new CreateTopic(new TopicImage(Uuid.randomUuid(), "events", Map.of("segment.bytes", "4096"),
                List.of(PartitionState.initial(List.of(1, 2, 3))))));
        log.apply(change(log, "orders", 1, p -> p.withReplicas(List.of(2, 3, 1), p.isr(), List.of(1), List.of())));
        log.apply(new FenceBroker(3));
        return log.apply(new AllocateProducerIds(500));
    }

    /** Something of every kind changes: brokers, topics (deleted, created, altered), partitions. */
    private static MetadataImage changeEverything(ImageHistory log) {
        log.newController();
        log.apply(register(3, "rack-c", 23), register(4, null, 24));
        TopicImage events = log.image().topic("events").orElseThrow();
        log.apply(new DeleteTopic(events.id()));
        log.apply(new CreateTopic(new TopicImage(Uuid.randomUuid(), "events", Map.of(),
                List.of(PartitionState.initial(List.of(4, 1)), PartitionState.initial(List.of(1, 4))))));
        TopicImage orders = log.image().topic("orders").orElseThrow();
        log.apply(new ChangeTopicConfigs(orders.id(), Map.of("retention.ms", "2000", "max.message.bytes", "100")));
        log.apply(new AddPartitions(orders.id(), List.of(PartitionState.initial(List.of(4, 2)))));
        log.apply(change(log, "orders", 0, p -> p.withLeader(2, List.of(2))));
        log.apply(change(log, "orders", 1, p -> p.withReplicas(List.of(2, 3), List.of(2, 3), List.of(), List.of())));
        return log.apply(new AllocateProducerIds(1500));
    }

    private static RegisterBroker register(int id, String rack, long incarnation) {
        return new RegisterBroker(new BrokerRegistration(id, "broker-" + id + ".example", 9090 + id, rack, incarnation));
    }

    private static ChangePartition change(ImageHistory log, String topic, int partition,
                                          java.util.function.UnaryOperator<PartitionState> change) {
        TopicImage image = log.image().topic(topic).orElseThrow();
        return new ChangePartition(image.id(), partition, change.apply(image.partition(partition)));
    }

    // ---------------------------------------------------------------- failures

    /** Fails the n-th SQL statement Hibernate prepares after {@link #failStatement}; thread-safe. */
    static final class FailingStatement implements StatementInspector {

        private static final long serialVersionUID = 1L;

        /** Statements left before the failing one; 0 once it failed or when disarmed. */
        private final AtomicInteger countdown = new AtomicInteger();
        private volatile boolean fired;

        void failStatement(int n) {
            fired = false;
            countdown.set(n);
        }

        void disarm() {
            countdown.set(0);
        }

        boolean fired() {
            return fired;
        }

        @Override
        public String inspect(String sql) {
            if (countdown.get() > 0 && countdown.decrementAndGet() == 0) {
                fired = true;
                throw new IllegalStateException("injected failure before: " + sql);
            }
            return sql;
        }
    }

    /**
     * Shuts H2 down at once (no commit, no cleanup, as a power cut leaves it) just before the
     * n-th SQL statement Hibernate prepares after {@link #crashAtStatement}; thread-safe.
     */
    static final class CrashingStatement implements StatementInspector {

        private static final long serialVersionUID = 1L;

        private final String url;
        private final AtomicInteger countdown = new AtomicInteger();
        private volatile boolean crashed;

        CrashingStatement(String url) {
            this.url = url;
        }

        void crashAtStatement(int n) {
            crashed = false;
            countdown.set(n);
        }

        void disarm() {
            countdown.set(0);
        }

        boolean crashed() {
            return crashed;
        }

        @Override
        public String inspect(String sql) {
            if (countdown.get() > 0 && countdown.decrementAndGet() == 0) {
                crashed = true;
                try (Connection connection = DriverManager.getConnection(url, "sa", "");
                     Statement shutdown = connection.createStatement()) {
                    shutdown.execute("SHUTDOWN IMMEDIATELY");
                } catch (SQLException e) {
                    // The shutdown closes this connection under the statement: expected.
                }
            }
            return sql;
        }
    }
}
