package dev.katka.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A broker on Payara Micro, started by the launcher, used by unmodified clients: kafka-clients 4
 * at default settings (idempotent, acks=all) and kcat. One broker for the class; the last tests
 * restart it, gracefully and with {@code kill -9}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaClientsIT {

    private static final int MILLION = 1_000_000;
    /** Recent: records older than retention.ms (7 days) would rightly be deleted at once. */
    private static final long BASE_TIMESTAMP = System.currentTimeMillis() - Duration.ofHours(1).toMillis();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dataDir;

    private static KatkaProcess broker;

    @BeforeAll
    static void start() {
        broker = KatkaProcess.on(dataDir).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void aMillionRecordsOverThreePartitionsComeBackCompleteAndInOrder() throws Exception {
        createTopic("million", 3);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < MILLION; i++) {
                producer.send(new ProducerRecord<>("million", null, BASE_TIMESTAMP + i, "key-" + i, "value-" + i,
                        List.of(new RecordHeader("index", Integer.toString(i).getBytes(UTF_8)))));
            }
        }

        BitSet seen = new BitSet(MILLION);
        int[] lastIndexOfPartition = {-1, -1, -1};
        long[] nextOffsetOfPartition = {0, 0, 0};
        int received = consume("million", 3, MILLION, record -> {
            int i = Integer.parseInt(new String(record.headers().lastHeader("index").value(), UTF_8));
            assertThat(record.key()).isEqualTo("key-" + i);
            assertThat(record.value()).isEqualTo("value-" + i);
            assertThat(record.timestamp()).isEqualTo(BASE_TIMESTAMP + i);
            assertThat(i).as("records of a partition come in the order they were sent")
                    .isGreaterThan(lastIndexOfPartition[record.partition()]);
            assertThat(record.offset()).isEqualTo(nextOffsetOfPartition[record.partition()]);
            assertThat(seen.get(i)).as("record %d arrives once", i).isFalse();
            lastIndexOfPartition[record.partition()] = i;
            nextOffsetOfPartition[record.partition()]++;
            seen.set(i);
        });

        assertThat(received).isEqualTo(MILLION);
        assertThat(seen.cardinality()).isEqualTo(MILLION);
    }

    @ParameterizedTest
    @Order(2)
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void everyCompressionCodecRoundTrips(String codec) throws Exception {
        String topic = "codec-" + codec;
        createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec))) {
            for (int i = 0; i < 10_000; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, codec + " value " + i + " ".repeat(i % 100)));
            }
        }

        List<String> keys = new ArrayList<>();
        consume(topic, 1, 10_000, record -> keys.add(record.key()));

        assertThat(keys).containsExactlyElementsOf(IntStream.range(0, 10_000).mapToObj(i -> "k" + i).toList());
    }

    @Test
    @Order(3)
    void kcatProducesAndConsumes() throws Exception {
        createTopic("kcat", 1);
        List<String> lines = IntStream.range(0, 100).mapToObj(i -> "key" + i + ":value " + i).toList();

        Process produce = new ProcessBuilder("kcat", "-P", "-b", broker.bootstrapServers(), "-t", "kcat", "-K:")
                .redirectErrorStream(true).start();
        produce.getOutputStream().write((String.join("\n", lines) + "\n").getBytes(UTF_8));
        produce.getOutputStream().close();
        assertThat(produce.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(produce.exitValue()).as(new String(produce.getInputStream().readAllBytes(), UTF_8)).isZero();

        Process consume = new ProcessBuilder("kcat", "-C", "-b", broker.bootstrapServers(), "-t", "kcat",
                "-o", "beginning", "-e", "-f", "%k:%s\\n").redirectErrorStream(false).start();
        assertThat(consume.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(consume.getInputStream().readAllBytes(), UTF_8);

        assertThat(output.lines().toList()).containsExactlyElementsOf(lines);
        List<String> fromJava = new ArrayList<>();
        consume("kcat", 1, 100, record -> fromJava.add(record.key() + ":" + record.value()));
        assertThat(fromJava).containsExactlyElementsOf(lines);
    }

    @Test
    @Order(4)
    void badInputClosesOnlyItsConnectionWhileAWellBehavedClientIsServed() throws Exception {
        createTopic("steady", 1);
        AtomicInteger acknowledged = new AtomicInteger();
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (byte[] bad : List.of(
                    frame(Integer.MAX_VALUE), // larger than socket.request.max.bytes
                    frame(-1),                // a negative size
                    new byte[]{0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8},          // garbage
                    new byte[]{0, 0, 0, 9, 0, 18, 0, 3, 0, 0, 0, 1, 0},        // ApiVersions cut off inside its header
                    new byte[]{0, 0, 0, 10, 0x7f, 0x7f, 0, 0, 0, 0, 0, 1, -1, -1})) { // unknown API key
                producer.send(new ProducerRecord<>("steady", "before-" + bad.length)).get(30, TimeUnit.SECONDS);
                acknowledged.incrementAndGet();
                assertThat(sendAndAwaitClose(bad)).as("the broker closes the bad connection").isTrue();
                producer.send(new ProducerRecord<>("steady", "after-" + bad.length)).get(30, TimeUnit.SECONDS);
                acknowledged.incrementAndGet();
            }
        }

        assertThat(broker.process()).as("the broker is still running").isPresent();
        assertThat(consume("steady", 1, acknowledged.get(), record -> { })).isEqualTo(acknowledged.get());
    }

    @Test
    @Order(5)
    void aRestartKeepsEveryTopicAndRecord() throws Exception {
        Map<TopicPartition, Long> endsBefore = endOffsets(List.of("million", "codec-zstd", "kcat", "steady"));

        broker.stop();
        broker.start();

        assertThat(endOffsets(List.of("million", "codec-zstd", "kcat", "steady"))).isEqualTo(endsBefore);
        List<String> keys = new ArrayList<>();
        consume("codec-zstd", 1, 10_000, record -> keys.add(record.key()));
        assertThat(keys).containsExactlyElementsOf(IntStream.range(0, 10_000).mapToObj(i -> "k" + i).toList());
    }

    @Test
    @Order(6)
    void afterKillNineEveryAcknowledgedRecordIsStillThere() throws Exception {
        createTopic("crash", 3);
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"));
        try {
            // Writes run continuously until the kill lands in the middle of them; sending on
            // afterwards would only block on metadata from a dead broker.
            for (int i = 0; i < 100_000; i++) {
                String value = "crash-" + i;
                producer.send(new ProducerRecord<>("crash", value, value), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.put(metadata.partition() * 1_000_000_000L + metadata.offset(), value);
                    }
                });
                if (i == 50_000) {
                    // Half way, the first acknowledgements must be in, so the kill lands among
                    // acknowledged writes and writes in flight, not before the first answer.
                    await("the first acknowledgements").atMost(Duration.ofSeconds(60))
                            .until(() -> !acknowledged.isEmpty());
                }
            }
            broker.kill();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
        assertThat(acknowledged).as("some records were acknowledged before the kill").isNotEmpty();

        broker.start();

        Map<Long, String> stored = new HashMap<>();
        // Records written but not acknowledged before the kill are there too: read all of it.
        consumeToEnd("crash", 3, record ->
                stored.put(record.partition() * 1_000_000_000L + record.offset(), record.value()));
        assertThat(stored).containsAllEntriesOf(acknowledged);
    }

    private static byte[] frame(int size) {
        return new byte[]{(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
    }

    /** Sends bytes on a new connection and reports whether the broker closed it. */
    private static boolean sendAndAwaitClose(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.kafkaPort())) {
            socket.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(bytes);
            out.flush();
            return socket.getInputStream().read() == -1;
        }
    }

    private static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(clientProperties(Map.of()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        try (Admin admin = Admin.create(clientProperties(Map.of()))) {
            Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> wanted.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(wanted).all().get(60, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    private static Properties clientProperties(Map<String, String> overrides) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        properties.putAll(overrides);
        return properties;
    }

    private static KafkaProducer<String, String> producer(Map<String, String> overrides) {
        return new KafkaProducer<>(clientProperties(overrides), new StringSerializer(), new StringSerializer());
    }

    /**
     * Reads a topic from the beginning until {@code expected} records arrived, or the topic stays
     * silent for 30 s; hands each record to {@code check}.
     */
    /** Reads the partitions from the start until {@code expected} records came (or 30 s of silence). */
    private static int consume(String topic, int partitions, int expected,
                               java.util.function.Consumer<ConsumerRecord<String, String>> check) {
        return read(topic, partitions, (consumer, received) -> received >= expected, check);
    }

    /**
     * Reads the partitions from the start up to the end offsets they had when the read began (or
     * until 30 s of silence): everything stored, acknowledged or not.
     */
    private static int consumeToEnd(String topic, int partitions,
                                    java.util.function.Consumer<ConsumerRecord<String, String>> check) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        return read(topic, partitions, (consumer, received) -> {
            if (ends.isEmpty()) {
                ends.putAll(consumer.endOffsets(consumer.assignment()));
            }
            return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        }, check);
    }

    private static int read(String topic, int partitions,
                            java.util.function.BiPredicate<KafkaConsumer<String, String>, Integer> done,
                            java.util.function.Consumer<ConsumerRecord<String, String>> check) {
        Collection<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        int received = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clientProperties(Map.of()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long silentSince = System.nanoTime();
            while (!done.test(consumer, received) && System.nanoTime() - silentSince < TimeUnit.SECONDS.toNanos(30)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    check.accept(record);
                    received++;
                    silentSince = System.nanoTime();
                }
            }
        }
        return received;
    }
}
