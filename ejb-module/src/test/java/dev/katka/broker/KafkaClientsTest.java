package dev.katka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.katka.config.BrokerConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker as unmodified kafka-clients 4 see it: producer, consumer and admin client at their
 * default settings (the producer is idempotent with acks=all).
 */
class KafkaClientsTest {

    /**
     * A base for record timestamps: recent, because records older than retention.ms (7 days) may
     * be deleted by the broker's next retention pass, in the middle of a test.
     */
    private static final long RECENT = System.currentTimeMillis() - 60_000;

    @TempDir
    static Path dataDir;

    private static TestBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        // The cleaner looks for dirty logs often, so the compaction test needs no long wait.
        broker = TestBroker.start(dataDir, Map.of(BrokerConfig.LOG_CLEANER_BACKOFF_MS, "100"));
        admin = Admin.create(broker.clientProperties());
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void recordsComeBackInOrderPerPartitionWithKeysValuesHeadersAndTimestamps() throws Exception {
        createTopic("orders", 3);
        List<ProducerRecord<String, String>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 3000; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>("orders", null, RECENT + i,
                        "key-" + (i % 17), "value-" + i,
                        List.of(new RecordHeader("n", Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
                sent.add(record);
                producer.send(record);
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> received = consumeAll("orders", 3, 3000);

        assertThat(received).hasSize(3000);
        for (ConsumerRecord<String, String> record : received) {
            int i = Integer.parseInt(new String(record.headers().lastHeader("n").value(), StandardCharsets.UTF_8));
            assertThat(record.key()).isEqualTo(sent.get(i).key());
            assertThat(record.value()).isEqualTo(sent.get(i).value());
            assertThat(record.timestamp()).isEqualTo(sent.get(i).timestamp());
        }
        for (int p = 0; p < 3; p++) {
            int partition = p;
            List<ConsumerRecord<String, String>> ofPartition = received.stream().filter(r -> r.partition() == partition).toList();
            assertThat(ofPartition).extracting(ConsumerRecord::offset)
                    .containsExactlyElementsOf(IntStream.range(0, ofPartition.size()).mapToObj(Long::valueOf).toList());
            assertThat(ofPartition).extracting(r -> Integer.parseInt(r.value().substring(6))).isSorted();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void everyCompressionCodecPassesThrough(String codec) throws Exception {
        String topic = "codec-" + codec;
        createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.LINGER_MS_CONFIG, "20"))) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "compressible value " + i + " ".repeat(50)));
            }
        }

        List<ConsumerRecord<String, String>> received = consumeAll(topic, 1, 500);

        assertThat(received).extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(IntStream.range(0, 500).mapToObj(i -> "k" + i).toList());
    }

    @Test
    void aProducerCreatesATopicByWritingToIt() throws Exception {
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>("auto-created", "k", "v")).get(30, TimeUnit.SECONDS);

            assertThat(metadata.offset()).isZero();
        }
        assertThat(admin.listTopics().names().get()).contains("auto-created");
    }

    @Test
    void acksZeroAndAcksOneAreServed() throws Exception {
        createTopic("acks", 1);
        for (String acks : List.of("0", "1")) {
            try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.ACKS_CONFIG, acks,
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"))) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("acks", "acks" + acks + "-" + i));
                }
            }
        }

        assertThat(consumeAll("acks", 1, 200)).hasSize(200);
    }

    @Test
    void adminManagesTopicsAndTheirConfigs() throws Exception {
        admin.createTopics(List.of(new NewTopic("managed", 2, (short) 1)
                .configs(Map.of("retention.ms", "60000")))).all().get();

        TopicDescription description = admin.describeTopics(List.of("managed")).allTopicNames().get().get("managed");
        assertThat(description.partitions()).hasSize(2);
        assertThat(description.partitions().get(0).leader().id()).isEqualTo(1);

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "managed");
        assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                .isEqualTo("60000");

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "120000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)))).all().get();
        var configs = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(configs.get("retention.ms").value()).isEqualTo("120000");
        assertThat(configs.get("cleanup.policy").value()).isEqualTo("delete,compact");
        assertThat(configs.get("segment.bytes").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);

        admin.createPartitions(Map.of("managed", NewPartitions.increaseTo(4))).all().get();
        assertThat(admin.describeTopics(List.of("managed")).allTopicNames().get().get("managed").partitions()).hasSize(4);

        admin.deleteTopics(List.of("managed")).all().get();
        assertThat(admin.listTopics().names().get()).doesNotContain("managed");
        assertThat(dataDir.resolve("managed-0")).doesNotExist();
    }

    @Test
    void badAdminRequestsGetKafkaErrorsThatSayWhatIsWrong() throws Exception {
        createTopic("existing", 1);

        assertFailsWith(admin.createTopics(List.of(new NewTopic("existing", 1, (short) 1))).all(),
                TopicExistsException.class, "existing");
        assertFailsWith(admin.createTopics(List.of(new NewTopic("bad/name", 1, (short) 1))).all(),
                InvalidTopicException.class, "bad/name");
        assertFailsWith(admin.createTopics(List.of(new NewTopic("too-replicated", 1, (short) 3))).all(),
                org.apache.kafka.common.errors.InvalidReplicationFactorException.class, "3");
        assertFailsWith(admin.createTopics(List.of(new NewTopic("bad-config", 1, (short) 1)
                .configs(Map.of("retention.ms", "soon")))).all(), InvalidConfigurationException.class, "retention.ms");
        assertFailsWith(admin.createPartitions(Map.of("existing", NewPartitions.increaseTo(1))).all(),
                InvalidPartitionsException.class, "1");
        assertFailsWith(admin.deleteTopics(List.of("missing")).all(), UnknownTopicOrPartitionException.class, "missing");
    }

    @Test
    void listOffsetsFindsEarliestLatestMaxTimestampAndByTimestamp() throws Exception {
        createTopic("offsets", 1);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (long ts : new long[]{1000, 5000, 3000, 7000, 2000}) {
                producer.send(new ProducerRecord<>("offsets", 0, RECENT + ts, null, "at " + ts)).get();
            }
        }
        TopicPartition tp = new TopicPartition("offsets", 0);

        assertThat(offset(tp, OffsetSpec.earliest())).isEqualTo(0);
        assertThat(offset(tp, OffsetSpec.latest())).isEqualTo(5);
        assertThat(offset(tp, OffsetSpec.maxTimestamp())).isEqualTo(3);
        assertThat(offset(tp, OffsetSpec.forTimestamp(RECENT + 4000))).isEqualTo(1);
        assertThat(offset(tp, OffsetSpec.forTimestamp(RECENT + 8000))).isEqualTo(-1);
    }

    @Test
    void describeClusterShowsThisBrokerAsControllerAndMember() throws Exception {
        var cluster = admin.describeCluster();

        assertThat(cluster.nodes().get()).singleElement().satisfies(n -> assertThat(n.id()).isEqualTo(1));
        assertThat(cluster.controller().get().id()).isEqualTo(1);
        assertThat(cluster.clusterId().get()).isNotBlank();
    }

    @Test
    void aConsumerWaitingOnAnEmptyPartitionGetsARecordAsSoonAsItIsWritten() throws Exception {
        createTopic("long-poll", 1);
        TopicPartition tp = new TopicPartition("long-poll", 0);
        KafkaConsumer<String, String> consumer = consumer(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "30000"));
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            assertThat(consumer.poll(Duration.ofMillis(200))).isEmpty();

            producer.send(new ProducerRecord<>("long-poll", "wake up")).get();
            long sentNanos = System.nanoTime();

            // The fetch may wait 30 s for data; the append must answer it long before that.
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            while (received.isEmpty() && System.nanoTime() - sentNanos < TimeUnit.SECONDS.toNanos(40)) {
                consumer.poll(Duration.ofSeconds(1)).forEach(received::add);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - sentNanos)).isLessThan(Duration.ofSeconds(10));
            assertThat(received).extracting(ConsumerRecord::value).containsExactly("wake up");
        } finally {
            // Its next fetch waits 30 s too, and closing waits for it (as with Kafka): do not wait.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }

    @Test
    void recordsSurviveARestart() throws Exception {
        createTopic("durable", 2);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 1000; i++) {
                producer.send(new ProducerRecord<>("durable", "k" + i, "v" + i));
            }
        }
        admin.close();
        broker.stop();
        broker.startAgain();
        admin = Admin.create(broker.clientProperties());

        assertThat(consumeAll("durable", 2, 1000)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 1000).mapToObj(i -> "v" + i).toList());
        assertThat(admin.listTopics().names().get()).contains("durable");
    }

    @Test
    void aCompactedTopicReadFromTheBeginningHoldsTheLastValueOfEachKeyOnceTheCleanerRan() throws Exception {
        // The active segment rolls at max.compaction.lag.ms, so every record becomes cleanable.
        admin.createTopics(List.of(new NewTopic("compacted", 1, (short) 1).configs(Map.of(
                "cleanup.policy", "compact", "max.compaction.lag.ms", "1000", "segment.bytes", "2048",
                "min.cleanable.dirty.ratio", "0.01")))).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int version = 0; version < 3; version++) {
                for (int key = 0; key < 20; key++) {
                    producer.send(new ProducerRecord<>("compacted", "k" + key, "v" + version));
                }
                producer.flush();
            }
        }
        List<String> lastValues = IntStream.range(0, 20).mapToObj(key -> (40 + key) + " k" + key + "=v2").toList();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(readToEnd(new TopicPartition("compacted", 0)))
                        .extracting(r -> r.offset() + " " + r.key() + "=" + r.value())
                        .containsExactlyElementsOf(lastValues));
    }

    /** Everything in the partition from its beginning to its end as of now. */
    private static List<ConsumerRecord<String, String>> readToEnd(TopicPartition tp) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }
        return received;
    }

    private static long offset(TopicPartition tp, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get().offset();
    }

    private static void assertFailsWith(org.apache.kafka.common.KafkaFuture<?> future, Class<? extends Throwable> type,
                                        String messagePart) {
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(type).hasMessageContaining(messagePart);
    }

    private static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> producer(Map<String, String> overrides) {
        Properties properties = broker.clientProperties();
        properties.putAll(overrides);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, String> overrides) {
        Properties properties = broker.clientProperties();
        properties.putAll(overrides);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    /** Reads a topic from the beginning until {@code expected} records arrived (or 60 s passed). */
    private static List<ConsumerRecord<String, String>> consumeAll(String topic, int partitions, int expected) {
        Collection<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(Map.of())) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        return received;
    }
}
