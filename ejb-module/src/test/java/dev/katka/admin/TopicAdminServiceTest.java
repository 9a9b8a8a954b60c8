package dev.katka.admin;

import static dev.katka.admin.MessageAdminServiceTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.broker.TestBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics and the cluster through the admin services against a real broker: created with their
 * configs, listed and searched, described with offsets and size, reconfigured, grown, deleted;
 * bad requests refused with a message naming the value.
 */
class TopicAdminServiceTest {

    @TempDir
    static Path dataDir;

    private static TestBroker broker;
    private static ClusterClients clients;
    private static TopicAdminService topics;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start(dataDir);
        clients = AdminTestBroker.clientsOf(broker);
        topics = new TopicAdminService(clients);
    }

    @AfterAll
    static void stopBroker() {
        clients.close();
        broker.close();
    }

    @Test
    void aCreatedTopicHasItsPartitionsOffsetsSizeAndConfigs() throws Exception {
        TopicDetail created = topics.create(new TopicCreation("payments", 2, 1, Map.of("retention.ms", "86400000")));
        try (var producer = new KafkaProducer<>(broker.clientProperties(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("payments", 1, "k", "v")).get();
        }

        TopicDetail topic = topics.topic("payments");

        assertThat(created.partitions()).hasSize(2);
        assertThat(topic.internal()).isFalse();
        PartitionDetail second = topic.partitions().get(1);
        assertThat(second.partition()).isEqualTo(1);
        assertThat(second.leader()).isEqualTo(broker.broker().config().nodeId());
        assertThat(second.replicas()).containsExactly(second.leader());
        assertThat(second.isr()).containsExactly(second.leader());
        assertThat(second.logStartOffset()).isZero();
        assertThat(second.logEndOffset()).isEqualTo(1);
        assertThat(second.sizeBytes()).isPositive();
        assertThat(topic.configs()).contains(new ConfigValue("retention.ms", "86400000", "DYNAMIC_TOPIC_CONFIG", false, false));
    }

    @Test
    void topicsAreListedAndSearchedIgnoringCase() {
        topics.create(new TopicCreation("Search-Alpha", 1, null, null));
        topics.create(new TopicCreation("search-beta", 3, null, null));

        assertThat(topics.topics("SEARCH-")).containsExactly(
                new TopicSummary("Search-Alpha", 1, 1, false, 0),
                new TopicSummary("search-beta", 3, 1, false, 0));
        assertThat(topics.topics(null)).extracting(TopicSummary::name).contains("Search-Alpha", "search-beta");
    }

    @Test
    void configsAreSetAndResetToTheDefault() {
        topics.create(new TopicCreation("tuned", 1, 1, Map.of("cleanup.policy", "compact")));
        Map<String, String> changes = new HashMap<>();
        changes.put("retention.ms", "1000");
        changes.put("cleanup.policy", null);

        List<ConfigValue> configs = topics.changeConfigs("tuned", changes);

        assertThat(configs).contains(new ConfigValue("retention.ms", "1000", "DYNAMIC_TOPIC_CONFIG", false, false));
        assertThat(configs).filteredOn(c -> c.name().equals("cleanup.policy")).singleElement()
                .satisfies(c -> assertThat(c.value()).isEqualTo("delete"))
                .satisfies(c -> assertThat(c.source()).isNotEqualTo("DYNAMIC_TOPIC_CONFIG"));
    }

    @Test
    void partitionsAreAddedButNeverRemoved() {
        topics.create(new TopicCreation("growing", 1, 1, null));

        assertThat(topics.addPartitions("growing", 3).partitions()).hasSize(3);
        assertRefused(() -> topics.addPartitions("growing", 2), AdminException.Kind.INVALID,
                "count must be more than the 3 partitions topic 'growing' has, not 2");
    }

    @Test
    void aDeletedTopicIsGone() {
        topics.create(new TopicCreation("doomed", 1, 1, null));

        topics.delete("doomed");

        assertRefused(() -> topics.topic("doomed"), AdminException.Kind.NOT_FOUND, "topic 'doomed' does not exist");
        assertRefused(() -> topics.delete("doomed"), AdminException.Kind.NOT_FOUND, "topic 'doomed' does not exist");
    }

    @Test
    void badTopicsAreRefusedNamingTheValue() {
        assertRefused(() -> topics.create(new TopicCreation("zero", 0, 1, null)), AdminException.Kind.INVALID,
                "partitions must be at least 1, not 0");
        assertRefused(() -> topics.create(new TopicCreation("  ", 1, 1, null)), AdminException.Kind.INVALID,
                "name is required");
        assertRefused(() -> topics.create(new TopicCreation("wide", 1, 0, null)), AdminException.Kind.INVALID,
                "replicationFactor must be at least 1, not 0");
        topics.create(new TopicCreation("twice", 1, 1, null));
        assertRefused(() -> topics.create(new TopicCreation("twice", 1, 1, null)), AdminException.Kind.CONFLICT,
                "topic 'twice' already exists");
        assertRefused(() -> topics.changeConfigs("nope", Map.of("retention.ms", "1")), AdminException.Kind.NOT_FOUND,
                "topic 'nope' does not exist");
    }

    @Test
    void theClusterOverviewCountsBrokersTopicsAndPartitions() {
        topics.create(new TopicCreation("counted", 4, 1, null));
        ClusterAdminService cluster = new ClusterAdminService(clients);
        int nodeId = broker.broker().config().nodeId();

        ClusterOverview overview = cluster.overview();
        List<BrokerSummary> brokers = cluster.brokers();

        assertThat(overview.clusterId()).isNotBlank();
        assertThat(overview.controllerId()).isEqualTo(nodeId);
        assertThat(overview.brokers()).isEqualTo(1);
        assertThat(overview.partitions()).isGreaterThanOrEqualTo(4);
        assertThat(overview.offlinePartitions()).isZero();
        assertThat(brokers).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo(nodeId);
            assertThat(b.alive()).isTrue();
            assertThat(b.controller()).isTrue();
            assertThat(b.leaderPartitions()).isEqualTo(overview.partitions());
            assertThat(b.disk().logBytes()).isEqualTo(broker.broker().partitions().all().stream()
                    .mapToLong(dev.katka.partition.Partition::sizeInBytes).sum());
            assertThat(b.disk().volumeUsableBytes()).isPositive().isLessThanOrEqualTo(b.disk().volumeTotalBytes());
        });
        assertThat(cluster.broker(nodeId).partitions()).extracting(BrokerPartition::topic).contains("counted");
        assertRefused(() -> cluster.broker(nodeId + 1), AdminException.Kind.NOT_FOUND, "broker " + (nodeId + 1) + " does not exist");
        assertThat(cluster.brokerConfigs(nodeId)).filteredOn(config -> config.name().equals("node.id"))
                .singleElement().satisfies(config -> {
                    assertThat(config.value()).isEqualTo(Integer.toString(nodeId));
                    assertThat(config.readOnly()).isTrue();
                });
        assertRefused(() -> cluster.brokerConfigs(nodeId + 1), AdminException.Kind.NOT_FOUND,
                "broker " + (nodeId + 1) + " is not in the cluster now");
    }
}
