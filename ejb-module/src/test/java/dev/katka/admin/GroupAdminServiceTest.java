package dev.katka.admin;

import static dev.katka.admin.MessageAdminServiceTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.broker.TestBroker;
import dev.katka.config.BrokerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups through the admin services against a real broker: lag is the log end minus
 * the committed offset; offsets are reset to earliest, latest, a timestamp or an offset, but never
 * while the group has members; groups are deleted only when empty.
 *
 * <p>Topic {@code orders}, one partition, records 0-9 with timestamps T+0..T+9.
 */
class GroupAdminServiceTest {

    private static final long T = System.currentTimeMillis() - 60_000;
    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

    @TempDir
    static Path dataDir;

    private static TestBroker broker;
    private static ClusterClients clients;
    private static GroupAdminService groups;

    @BeforeAll
    static void startBrokerWithRecords() throws Exception {
        broker = TestBroker.start(dataDir, Map.of(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, "0"));
        clients = AdminTestBroker.clientsOf(broker);
        groups = new GroupAdminService(clients);
        clients.admin().createTopics(List.of(new NewTopic("orders", 1, (short) 1))).all().get();
        try (var producer = new KafkaProducer<>(broker.clientProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("orders", 0, T + i, "k" + i, "order-" + i)).get();
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        clients.close();
        broker.close();
    }

    @Test
    void lagIsTheLogEndMinusTheCommittedOffset() {
        commit("billing", 4);

        GroupDetail group = groups.group("billing");

        assertThat(group.offsets()).containsExactly(new PartitionLag("orders", 0, 4, 10, 6));
        assertThat(group.totalLag()).isEqualTo(6);
        assertThat(group.members()).isEmpty();
        assertThat(group.state()).isEqualTo("Empty");
        assertThat(groups.groups()).contains(new GroupSummary("billing", "Empty", 0, 6));
    }

    @Test
    void offsetsAreResetToEarliestLatestTimestampOrOffset() {
        commit("reports", 5);

        assertThat(groups.resetOffsets("reports", new OffsetReset("earliest", null, null, null)))
                .containsExactly(new PartitionLag("orders", 0, 0, 10, 10));
        assertThat(groups.resetOffsets("reports", new OffsetReset("latest", null, null, null)))
                .containsExactly(new PartitionLag("orders", 0, 10, 10, 0));
        assertThat(groups.resetOffsets("reports", new OffsetReset("timestamp", T + 3, null, null)))
                .containsExactly(new PartitionLag("orders", 0, 3, 10, 7));
        assertThat(groups.resetOffsets("reports", new OffsetReset("offset", null, 7L, List.of("orders"))))
                .containsExactly(new PartitionLag("orders", 0, 7, 10, 3));
        // Beyond the log end, as Kafka's own tool does: to the end.
        assertThat(groups.resetOffsets("reports", new OffsetReset("offset", null, 99L, null)))
                .containsExactly(new PartitionLag("orders", 0, 10, 10, 0));
    }

    @Test
    void aGroupWithoutOffsetsIsResetOnlyForNamedTopics() {
        assertRefused(() -> groups.resetOffsets("newcomer", new OffsetReset("earliest", null, null, null)),
                AdminException.Kind.INVALID, "group 'newcomer' has no committed offsets: name the topics to reset");

        assertThat(groups.resetOffsets("newcomer", new OffsetReset("earliest", null, null, List.of("orders"))))
                .containsExactly(new PartitionLag("orders", 0, 0, 10, 10));
    }

    @Test
    void aGroupWithMembersIsNeitherResetNorDeleted() {
        try (KafkaConsumer<String, String> member = consumer("live")) {
            member.subscribe(List.of("orders"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            member.commitSync(Map.of(ORDERS, new OffsetAndMetadata(2)));

            GroupDetail group = groups.group("live");
            assertThat(group.members()).singleElement().satisfies(m ->
                    assertThat(m.assignments()).containsExactly(new AssignedPartition("orders", 0)));
            assertThat(group.state()).isEqualTo("Stable");
            assertRefused(() -> groups.resetOffsets("live", new OffsetReset("earliest", null, null, null)),
                    AdminException.Kind.CONFLICT, "group 'live' has 1 active members: stop them before resetting its offsets");
            assertRefused(() -> groups.delete("live"), AdminException.Kind.CONFLICT, "group 'live' has active members");
        }

        groups.delete("live");

        assertRefused(() -> groups.group("live"), AdminException.Kind.NOT_FOUND, "group 'live' does not exist");
    }

    @Test
    void badResetsAreRefusedNamingTheValue() {
        assertRefused(() -> groups.resetOffsets("billing", new OffsetReset("yesterday", null, null, null)),
                AdminException.Kind.INVALID, "to must be earliest, latest, timestamp or offset, not 'yesterday'");
        assertRefused(() -> groups.resetOffsets("billing", new OffsetReset("offset", null, -1L, null)),
                AdminException.Kind.INVALID, "offset must be given (at least 0) to reset to an offset, not -1");
        assertRefused(() -> groups.group("nobody"), AdminException.Kind.NOT_FOUND, "group 'nobody' does not exist");
    }

    private static void commit(String groupId, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer(groupId)) {
            consumer.commitSync(Map.of(ORDERS, new OffsetAndMetadata(offset)));
        }
    }

    private static KafkaConsumer<String, String> consumer(String groupId) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }
}
