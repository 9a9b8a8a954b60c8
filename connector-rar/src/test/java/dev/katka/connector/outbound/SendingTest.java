package dev.katka.connector.outbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.katka.broker.TestBroker;
import dev.katka.connector.TopicReader;
import dev.katka.connector.api.KatkaConnection;
import dev.katka.connector.api.KatkaConnectionFactory;
import dev.katka.connector.api.KatkaException;
import dev.katka.connector.api.KatkaProducer;
import dev.katka.connector.api.OutgoingRecord;
import dev.katka.connector.api.RecordMetadata;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** Records an application sends through a connection factory, read back from a real broker. */
class SendingTest {

    @TempDir
    static Path dataDir;
    static TestBroker broker;

    ConnectionFactories factories;
    String topic;

    public static class Order {
        public String item;
        public int quantity;
    }

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void startAdapter(TestInfo test) {
        factories = new ConnectionFactories(broker.bootstrapServers());
        topic = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void stopAdapter() {
        factories.close();
    }

    @Test
    void keyValueHeadersPartitionAndTimestampArriveAsSent() throws Exception {
        createTopic(topic, 3);
        // A minute ago: a timestamp older than log.retention.ms (7 days) would have the broker's
        // retention delete the record (as Kafka's would) before it is read back.
        long timestamp = System.currentTimeMillis() - 60_000;

        RecordMetadata written;
        try (KatkaConnection connection = factories.create().createConnection()) {
            written = connection.createProducer().send(OutgoingRecord.to(topic)
                    .key("room-7").value(new byte[] {0, -1, 42})
                    .header("author", "ada").header("trace", new byte[] {9}).header("empty", (byte[]) null)
                    .partition(2).timestamp(timestamp)
                    .build());
        }

        assertThat(written).isEqualTo(new RecordMetadata(topic, 2, 0, timestamp));
        ConsumerRecord<byte[], byte[]> read = single(TopicReader.readAll(broker.bootstrapServers(), topic, 1));
        assertThat(read.partition()).isEqualTo(2);
        assertThat(read.offset()).isZero();
        assertThat(read.timestamp()).isEqualTo(timestamp);
        assertThat(new String(read.key(), UTF_8)).isEqualTo("room-7");
        assertThat(read.value()).containsExactly(0, -1, 42);
        assertThat(read.headers().toArray()).extracting(h -> h.key()).containsExactly("author", "trace", "empty");
        assertThat(read.headers().lastHeader("author").value()).isEqualTo("ada".getBytes(UTF_8));
        assertThat(read.headers().lastHeader("trace").value()).containsExactly(9);
        assertThat(read.headers().lastHeader("empty").value()).isNull();
    }

    @Test
    void nullKeyAndValueStayNull() {
        try (KatkaConnection connection = factories.create().createConnection()) {
            connection.createProducer().send(topic, null, null);
        }

        ConsumerRecord<byte[], byte[]> read = single(TopicReader.readAll(broker.bootstrapServers(), topic, 1));
        assertThat(read.key()).isNull();
        assertThat(read.value()).isNull();
    }

    @Test
    void anObjectValueArrivesAsJson() {
        Order order = new Order();
        order.item = "Fahrrad";
        order.quantity = 2;

        try (KatkaConnection connection = factories.create().createConnection()) {
            connection.createProducer().send(topic, "o-1", order);
        }

        ConsumerRecord<byte[], byte[]> read = single(TopicReader.readAll(broker.bootstrapServers(), topic, 1));
        assertThat(new String(read.value(), UTF_8)).isEqualTo("{\"item\":\"Fahrrad\",\"quantity\":2}");
    }

    @Test
    void sendAsyncCompletesWithWhereTheRecordWasWritten() throws Exception {
        CompletionStage<RecordMetadata> written;
        try (KatkaConnection connection = factories.create().createConnection()) {
            KatkaProducer producer = connection.createProducer();
            producer.send(topic, "k", "first");
            written = producer.sendAsync(OutgoingRecord.to(topic).key("k").value("second").build());
        }

        RecordMetadata metadata = written.toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(metadata.topic()).isEqualTo(topic);
        assertThat(metadata.offset()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readAll(broker.bootstrapServers(), topic, 2);
        assertThat(read).extracting(r -> new String(r.value(), UTF_8)).containsExactly("first", "second");
    }

    @Test
    void everyAsyncSendCompletesAndArrivesThoughTheConnectionClosedRightAway() throws Exception {
        // Lingering batches: the records are still in the producer when the connection closes.
        KatkaConnectionFactory factory = factories.create(settings -> settings.setLingerMs("200"));
        int count = 2_000;
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();

        try (KatkaConnection connection = factory.createConnection()) {
            KatkaProducer producer = connection.createProducer();
            for (int i = 0; i < count; i++) {
                sends.add(producer.sendAsync(OutgoingRecord.to(topic).value("record " + i).build()).toCompletableFuture());
            }
        }

        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(sends).extracting(send -> send.join().offset()).doesNotHaveDuplicates().hasSize(count);
        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readAll(broker.bootstrapServers(), topic, count);
        assertThat(read).extracting(r -> new String(r.value(), UTF_8))
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "record " + i).toList());
    }

    @Test
    void aClosedConnectionRefusesToSend() {
        KatkaConnection connection = factories.create().createConnection();
        KatkaProducer producer = connection.createProducer();
        connection.close();
        connection.close();

        assertThatThrownBy(() -> producer.send(topic, "k", "v"))
                .isInstanceOf(KatkaException.class).hasMessageContaining("connection is closed");
        assertThatThrownBy(() -> producer.sendAsync(OutgoingRecord.to(topic).value("v").build()))
                .isInstanceOf(KatkaException.class).hasMessageContaining("connection is closed");
        assertThatThrownBy(connection::createProducer)
                .isInstanceOf(KatkaException.class).hasMessageContaining("connection is closed");
    }

    @Test
    void anInvalidSettingFailsTheFirstConnectionNamingPropertyAndValue() {
        KatkaConnectionFactory factory = factories.create(settings -> settings.setAcks("maybe"));

        assertThatThrownBy(factory::createConnection)
                .isInstanceOf(KatkaException.class)
                .hasMessageContaining("acks=maybe");
    }

    @Test
    void settingsThatContradictEachOtherFailTheFirstConnectionWithKafkasReason() {
        // Each value is valid; Kafka refuses the combination when it builds the producer.
        KatkaConnectionFactory factory = factories.create(settings -> settings.setAcks("0"));

        assertThatThrownBy(factory::createConnection)
                .isInstanceOf(KatkaException.class)
                .hasMessageContaining("acks")
                .hasMessageContaining("idempotent");
    }

    @Test
    void placeholdersInTheSettingsReachTheProducer() throws Exception {
        System.setProperty("katka.test.bootstrap", broker.bootstrapServers());
        System.setProperty("katka.test.app", "shop");
        try {
            KatkaConnectionFactory factory = factories.create(settings -> {
                settings.setBootstrapServers("${katka.test.bootstrap}");
                settings.setClientId("${katka.test.app}-orders");
            });
            try (KatkaConnection connection = factory.createConnection()) {
                connection.createProducer().send(topic, "k", "v");
            }
        } finally {
            System.clearProperty("katka.test.bootstrap");
            System.clearProperty("katka.test.app");
        }

        assertThat(TopicReader.readAll(broker.bootstrapServers(), topic, 1)).hasSize(1);
        // Kafka registers each producer's metrics under its client id.
        assertThat(ManagementFactory.getPlatformMBeanServer()
                .isRegistered(new ObjectName("kafka.producer:type=producer-metrics,client-id=shop-orders"))).isTrue();
    }

    @Test
    void anUnresolvedPlaceholderFailsTheFirstConnectionNamingIt() {
        KatkaConnectionFactory factory = factories.create(settings -> settings.setClientId("${katka.test.unset}"));

        assertThatThrownBy(factory::createConnection)
                .isInstanceOf(KatkaException.class)
                .hasMessageContaining("clientId")
                .hasMessageContaining("katka.test.unset");
    }

    @Test
    void stoppingTheAdapterDeliversLingeringRecordsThenRefusesToSend() throws Exception {
        // Records linger far longer than the test runs: only closing the producer sends them.
        KatkaConnectionFactory factory = factories.create(settings -> {
            settings.setLingerMs("60000");
            settings.setDeliveryTimeoutMs("120000");
            settings.setBatchSize("1000000");
        });
        KatkaConnection connection = factory.createConnection();
        KatkaProducer producer = connection.createProducer();
        List<CompletableFuture<RecordMetadata>> lingering = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lingering.add(producer.sendAsync(OutgoingRecord.to(topic).value("lingering " + i).build()).toCompletableFuture());
        }
        assertThat(lingering).noneMatch(CompletableFuture::isDone);

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> factories.adapter().stop());

        assertThat(lingering).allMatch(send -> send.isDone() && !send.isCompletedExceptionally());
        assertThat(TopicReader.readAll(broker.bootstrapServers(), topic, 100)).hasSize(100);
        assertThatThrownBy(() -> producer.send(topic, "k", "after"))
                .isInstanceOf(KatkaException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("resource adapter has stopped");
    }

    @Test
    void anUnreachableClusterFailsTheSendNamingTheTopicWithoutHanging() throws Exception {
        String nowhere = "127.0.0.1:" + ClosedPort.find();
        KatkaConnectionFactory factory = factories.create(settings -> {
            settings.setBootstrapServers(nowhere);
            settings.setMaxBlockMs("1000");
            settings.setRequestTimeoutMs("500");
            settings.setDeliveryTimeoutMs("1500");
        });

        try (KatkaConnection connection = factory.createConnection()) {
            KatkaProducer producer = connection.createProducer();
            assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                assertThatThrownBy(() -> producer.send(topic, "k", "v"))
                        .isInstanceOf(KatkaException.class)
                        .hasMessageContaining("topic " + topic)
                        .hasMessageContaining(nowhere)
                        .hasMessageContaining("TimeoutException");

                CompletableFuture<RecordMetadata> async =
                        producer.sendAsync(OutgoingRecord.to(topic).value("v").build()).toCompletableFuture();
                assertThatThrownBy(() -> async.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(KatkaException.class).hasMessageContaining("topic " + topic);
            });
        }
    }

    @Test
    void aPartitionTheTopicDoesNotHaveFailsTheSendNamingTheTopic() throws Exception {
        createTopic(topic, 1);
        // Kafka waits up to maxBlockMs for the partition to appear in the topic's metadata.
        KatkaConnectionFactory factory = factories.create(settings -> settings.setMaxBlockMs("2000"));
        try (KatkaConnection connection = factory.createConnection()) {
            KatkaProducer producer = connection.createProducer();

            assertThatThrownBy(() -> producer.send(OutgoingRecord.to(topic).value("v").partition(5).build()))
                    .isInstanceOf(KatkaException.class)
                    .hasMessageContaining("topic " + topic)
                    .hasMessageContaining("Partition 5");
        }
    }

    private static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static ConsumerRecord<byte[], byte[]> single(List<ConsumerRecord<byte[], byte[]>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
