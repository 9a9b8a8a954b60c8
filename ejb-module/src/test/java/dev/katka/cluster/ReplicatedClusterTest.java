package dev.katka.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.katka.broker.BrokerStartupException;
import dev.katka.broker.TestBroker;
import dev.katka.config.BrokerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real brokers in this JVM, each with a Hazelcast member of one data grid on loopback,
 * replicating over real sockets, driven by real kafka-clients: what a user of a replicated topic
 * relies on when a broker goes away.
 */
@Timeout(300)
class ReplicatedClusterTest {

    private static final String TOPIC = "replicated";
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    private TestGrid grid;
    private final Map<Integer, TestBroker> brokers = new HashMap<>();

    @BeforeEach
    void startCluster() {
        // A fourth slot for a broker that tries to join.
        grid = new TestGrid(4, 0);
        for (int id = 1; id <= 3; id++) {
            startBroker(id);
        }
    }

    private void startBroker(int id) {
        // Few offsets partitions (150 replicas of the default 50 would only slow the test down).
        brokers.put(id, TestBroker.startInGrid(dir, grid, id, Map.of(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "5",
                BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, "0")));
    }

    @AfterEach
    void stopCluster() {
        brokers.values().forEach(TestBroker::close);
        if (grid != null) {
            grid.close();
        }
    }

    private Properties clientProperties() {
        return TestBroker.clientProperties(brokers.values());
    }

    @Test
    void acknowledgedRecordsSurviveTheLossOfALeader() throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            createTopic(admin, (short) 3);
            await("every replica in sync").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> describe(admin).partitions().stream().allMatch(p -> p.isr().size() == 3));
        }

        List<Acked> acknowledged = new ArrayList<>(produce(0, 300));
        int victim = leaderOf(0);
        brokers.remove(victim).close();

        try (Admin admin = Admin.create(clientProperties())) {
            await("partition 0 to get a new leader").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> {
                        TopicPartitionInfo p0 = describe(admin).partitions().get(0);
                        return p0.leader() != null && p0.leader().id() != victim;
                    });
        }
        acknowledged.addAll(produce(300, 300));

        Map<Integer, Map<Long, String>> read = consumeAll(acknowledged.size());
        assertThat(read.values().stream().mapToInt(Map::size).sum()).as("records read").isEqualTo(acknowledged.size());
        for (Acked record : acknowledged) {
            assertThat(read.get(record.partition())).as("partition " + record.partition())
                    .containsEntry(record.offset(), record.value());
        }
    }

    @Test
    void deletedRecordsAreGoneFromEveryInSyncReplicaWhenDeleteRecordsAnswers() throws Exception {
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        try (Admin admin = Admin.create(clientProperties())) {
            createTopic(admin, (short) 3);
            await("every replica in sync").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> describe(admin).partitions().stream().allMatch(p -> p.isr().size() == 3));
            produce(0, 300);   // 100 records in each partition

            long lowWatermark = admin.deleteRecords(Map.of(p0, RecordsToDelete.beforeOffset(60))).lowWatermarks()
                    .get(p0).get().lowWatermark();

            assertThat(lowWatermark).isEqualTo(60);
            assertThat(brokers.values()).as("log start of every replica")
                    .allSatisfy(broker -> assertThat(broker.broker().partitions().get(p0).orElseThrow().logStartOffset())
                            .isEqualTo(60));
        }
        int victim = leaderOf(0);
        brokers.remove(victim).close();
        try (Admin admin = Admin.create(clientProperties())) {
            await("partition 0 to get a new leader").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> describe(admin).partitions().get(0).leader().id() != victim);
            assertThat(admin.listOffsets(Map.of(p0, OffsetSpec.earliest())).partitionResult(p0).get().offset())
                    .as("the new leader's earliest offset").isEqualTo(60);
        }
    }

    @Test
    void aNewControllerTakesOverAndTheClusterKeepsChanging() throws Exception {
        assertThat(brokers.values()).extracting(b -> b.broker().cluster().clusterId())
                .as("one cluster id, whichever broker answers").containsOnly(brokers.get(1).broker().cluster().clusterId());
        int controller = brokers.get(1).broker().cluster().controllerId();
        assertThat(controller).as("a controller was elected").isIn(1, 2, 3);

        brokers.remove(controller).close();

        try (Admin admin = Admin.create(clientProperties())) {
            createTopic(admin, (short) 2);
            int successor = admin.describeCluster().controller().get().id();
            assertThat(successor).isNotEqualTo(controller);
            await("every replica in sync").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> describe(admin).partitions().stream().allMatch(p -> p.isr().size() == 2
                            && p.replicas().stream().noneMatch(r -> r.id() == controller)));
        }
        List<Acked> acknowledged = produce(0, 300);

        Map<Integer, Map<Long, String>> read = consumeAll(acknowledged.size());
        for (Acked record : acknowledged) {
            assertThat(read.get(record.partition())).containsEntry(record.offset(), record.value());
        }
    }

    @Test
    void committedOffsetsSurviveTheLossOfTheGroupCoordinator() throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            createTopic(admin, (short) 3);
        }
        produce(0, 300);
        String group = "survivor";
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = groupConsumer(group)) {
            consumer.subscribe(List.of(TOPIC));
            List<String> read = new ArrayList<>();
            await("the first 300 records to be read").atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                return read.size() >= 300;
            });
            consumer.commitSync();
            consumer.assignment().forEach(tp -> committed.put(tp, new OffsetAndMetadata(consumer.position(tp))));
        }
        int coordinator = coordinatorOf(group);

        brokers.remove(coordinator).close();
        List<Acked> later = produce(300, 30);

        try (Admin admin = Admin.create(clientProperties())) {
            await("the offsets from the new coordinator").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get()).hasSize(PARTITIONS).allSatisfy((tp, offset) ->
                            assertThat(offset.offset()).isEqualTo(committed.get(tp).offset())));
            assertThat(coordinatorOf(group)).isNotEqualTo(coordinator);
        }
        try (KafkaConsumer<String, String> consumer = groupConsumer(group)) {
            consumer.subscribe(List.of(TOPIC));
            List<String> read = new ArrayList<>();
            await("the records after the commit").atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                return read.size() >= later.size();
            });
            assertThat(read).as("resumed at the committed offsets")
                    .containsExactlyInAnyOrderElementsOf(later.stream().map(Acked::value).toList());
        }
    }

    private KafkaConsumer<String, String> groupConsumer(String group) {
        Properties properties = clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    /** The broker coordinating a group: the leader of its partition of __consumer_offsets. */
    private int coordinatorOf(String group) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().coordinator().id();
        }
    }

    @Test
    void aBrokerOfAnotherClusterIsRefused() {
        Path stranger = dir.resolve("stranger");
        TestBroker.start(stranger, Map.of(BrokerConfig.NODE_ID, "4")).close();

        assertThatThrownBy(() -> TestBroker.start(stranger, Map.of(BrokerConfig.NODE_ID, "4"),
                () -> new HazelcastCoordination(grid.start(3))))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("belongs to cluster").hasMessageContaining("give it an empty data directory");
        assertThat(brokers.get(1).broker().cluster().clusterId()).isNotEqualTo(clusterIdIn(stranger));
    }

    private static String clusterIdIn(Path dataDir) {
        try (InputStream in = Files.newInputStream(dataDir.resolve("meta.properties"))) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("cluster.id");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record the cluster acknowledged with acks=all, where it said it put it. */
    private record Acked(String value, int partition, long offset) {
    }

    /**
     * Creates the topic with min.insync.replicas 2, asking again while the cluster cannot yet (no
     * controller, not enough brokers registered). An attempt that created it but whose answer was
     * lost leaves the topic there, so "already exists" counts as done.
     */
    private static void createTopic(Admin admin, short replicationFactor) {
        await("the topic to be created").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, replicationFactor)
                        .configs(Map.of("min.insync.replicas", "2")))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return true;
        });
    }

    private TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
    }

    private int leaderOf(int partition) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            return describe(admin).partitions().get(partition).leader().id();
        }
    }

    /** Sends {@code count} records with acks=all; returns those acknowledged. */
    private List<Acked> produce(int first, int count) throws Exception {
        Properties properties = clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        List<Acked> acknowledged = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                sends.add(producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, String.valueOf(i))));
            }
            for (int i = 0; i < sends.size(); i++) {
                RecordMetadata sent = sends.get(i).get();
                acknowledged.add(new Acked(String.valueOf(first + i), sent.partition(), sent.offset()));
            }
        }
        return acknowledged;
    }

    /** Reads every partition from the start until {@code expected} records are in: offset to value, per partition. */
    private Map<Integer, Map<Long, String>> consumeAll(int expected) {
        Map<Integer, Map<Long, String>> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clientProperties(), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("all records to be read").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String earlier = read.computeIfAbsent(record.partition(), p -> new HashMap<>())
                            .put(record.offset(), record.value());
                    assertThat(earlier).as("offset " + record.offset() + " read twice").isNull();
                }
                return read.values().stream().mapToInt(Map::size).sum() >= expected;
            });
        }
        return read;
    }
}
