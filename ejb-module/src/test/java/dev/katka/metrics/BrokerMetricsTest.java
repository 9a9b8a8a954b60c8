package dev.katka.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.broker.Broker;
import dev.katka.broker.TestBroker;
import dev.katka.partition.Partition;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator reads off a broker that real kafka-clients used: traffic per topic, requests
 * per API, group lag, readiness, and the log lines of what happened.
 */
@Timeout(120)
class BrokerMetricsTest {

    private static final int RECORDS = 50;

    @TempDir
    Path dir;

    private LogRecords log;
    private TestBroker broker;

    @BeforeEach
    void start() {
        log = new LogRecords();
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "1", "offsets.topic.replication.factor", "1"));
    }

    @AfterEach
    void stop() {
        broker.close();
        log.close();
    }

    @Test
    void trafficPerTopicMatchesWhatProducersSentAndConsumersReceived() throws Exception {
        createTopic("metered", 2);
        produce("metered", RECORDS);

        TopicTraffic traffic = broker.broker().metrics().topic("metered");
        assertThat(traffic.messagesIn()).isEqualTo(RECORDS);
        long logBytes = partitionsOf("metered").stream().mapToLong(Partition::sizeInBytes).sum();
        assertThat(traffic.bytesIn()).isEqualTo(logBytes).isPositive();

        assertThat(consumeAll("metered", 2)).hasSize(RECORDS);
        // Each batch was fetched once: what went out is what came in.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(traffic.messagesOut()).isEqualTo(RECORDS);
            assertThat(traffic.bytesOut()).isEqualTo(logBytes);
        });
        assertThat(broker.broker().metrics().topic("other").bytesIn()).isZero();
    }

    @Test
    void requestsAreCountedAndTimedPerApi() throws Exception {
        createTopic("counted", 1);
        produce("counted", 3);
        consumeAll("counted", 1);

        RequestStats requests = broker.broker().metrics().requests();
        assertThat(requests.count(ApiKeys.PRODUCE)).isPositive();
        assertThat(requests.count(ApiKeys.FETCH)).isPositive();
        assertThat(requests.count(ApiKeys.METADATA)).isPositive();
        assertThat(requests.count(ApiKeys.CREATE_TOPICS)).isEqualTo(1);
        assertThat(requests.totalNanos(ApiKeys.CREATE_TOPICS)).isPositive();
        assertThat(requests.count(ApiKeys.DELETE_TOPICS)).isZero();
    }

    @Test
    void groupLagIsTheRecordsAfterTheCommittedOffset() throws Exception {
        createTopic("lagging", 1);
        produce("lagging", 10);
        Properties props = consumerProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "billing");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("lagging", 0), new OffsetAndMetadata(4)));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(broker.broker().groupLags().get()).containsEntry("billing", 6L));
    }

    @Test
    void aRunningBrokerIsReadyAndAliveAndAStoppedOneIsNeither() {
        Broker running = broker.broker();
        assertThat(running.isReady()).isTrue();
        assertThat(running.listenerRespondsWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(running.isActiveController()).isTrue();
        assertThat(running.underReplicatedPartitions()).isZero();

        broker.stop();

        assertThat(running.isReady()).isFalse();
        assertThat(running.listenerRespondsWithin(Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void topicCreationAndDeletionAreLoggedOnce() throws Exception {
        createTopic("announced", 1);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.deleteTopics(List.of("announced")).all().get();
        }

        assertThat(log.infoLines()).filteredOn(line -> line.startsWith("Created topic announced ")).hasSize(1);
        assertThat(log.infoLines()).filteredOn(line -> line.startsWith("Deleted topic announced ")).hasSize(1);
        assertThat(log.infoLines()).anyMatch(line -> line.matches("Broker \\d+ joined the cluster at .* \\(this broker\\)"));
    }

    @Test
    void aClientsBadRequestLogsOneLineWithoutAStackTrace() throws Exception {
        try (Socket socket = new Socket(broker.broker().boundAddress().getAddress(),
                broker.broker().boundAddress().getPort())) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(8);
            out.writeLong(0x7fff_7fff_7fff_7fffL); // an API key no one knows
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.getInputStream().read() == -1);
        }
        // An invalid topic config is refused with an error code.
        try (Admin admin = Admin.create(broker.clientProperties())) {
            assertThat(admin.createTopics(List.of(new NewTopic("bad", 1, (short) 1)
                    .configs(Map.of("retention.ms", "soon")))).all())
                    .failsWithin(Duration.ofSeconds(10));
        }

        assertThat(log.infoLines()).filteredOn(line -> line.startsWith("Closing connection from")).hasSize(1);
        assertThat(log.withStackTraces()).isEmpty();
    }

    private List<Partition> partitionsOf(String topic) {
        return broker.broker().partitions().all().stream()
                .filter(p -> p.id().topic().equals(topic)).toList();
    }

    private void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    private void produce(String topic, int count) throws Exception {
        try (var producer = new KafkaProducer<>(broker.clientProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
    }

    private Properties consumerProperties() {
        Properties props = broker.clientProperties();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** Reads every partition of the topic from the start, without a group, until the log end. */
    private List<ConsumerRecord<String, String>> consumeAll(String topic, int partitions) {
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            assigned.add(new TopicPartition(topic, p));
        }
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                return assigned.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return received;
    }
}
