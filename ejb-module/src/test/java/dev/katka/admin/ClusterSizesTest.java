package dev.katka.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.broker.TestBroker;
import dev.katka.cluster.TestGrid;
import dev.katka.config.BrokerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real brokers: the admin services of one show the sizes of replicas the other holds, because
 * they ask every broker (DescribeLogDirs) instead of looking at their own disk.
 */
@Timeout(120)
class ClusterSizesTest {

    private static final String TOPIC = "spread";

    @TempDir
    Path dir;

    private TestGrid grid;
    private TestBroker first;
    private TestBroker second;
    private ClusterClients clients;

    @AfterEach
    void stop() {
        if (clients != null) {
            clients.close();
        }
        for (TestBroker broker : new TestBroker[] {first, second}) {
            if (broker != null) {
                broker.close();
            }
        }
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void everyBrokersReplicasHaveTheirSizeOnDisk() throws Exception {
        grid = new TestGrid(2, 0);
        Map<String, String> settings = Map.of(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "1");
        first = TestBroker.startInGrid(dir, grid, 1, settings);
        second = TestBroker.startInGrid(dir, grid, 2, settings);
        try (Admin admin = Admin.create(TestBroker.clientProperties(List.of(first, second)))) {
            // Partition 0 on broker 1 only, partition 1 on broker 2 only.
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1), 1, List.of(2))))).all().get();
                return true;
            });
        }
        try (var producer = new KafkaProducer<>(TestBroker.clientProperties(List.of(first, second)),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k", "on the first broker " + i)).get();
            }
            producer.send(new ProducerRecord<>(TOPIC, 1, "k", "on the second broker")).get();
        }
        clients = AdminTestBroker.clientsOf(first);
        long firstSize = localSize(first, 0);
        long secondSize = localSize(second, 1);

        TopicDetail topic = new TopicAdminService(clients).topic(TOPIC);
        BrokerDetail other = new ClusterAdminService(clients).broker(2);

        assertThat(topic.partitions()).extracting(PartitionDetail::sizeBytes).containsExactly(firstSize, secondSize);
        assertThat(firstSize).isGreaterThan(secondSize).isPositive();
        assertThat(other.partitions()).filteredOn(partition -> partition.topic().equals(TOPIC))
                .singleElement().satisfies(partition -> {
                    assertThat(partition.partition()).isEqualTo(1);
                    assertThat(partition.sizeBytes()).isEqualTo(secondSize);
                });
        assertThat(other.disk()).isNotNull();
        assertThat(other.disk().logBytes()).isGreaterThanOrEqualTo(secondSize);
        assertThat(other.disk().volumeTotalBytes()).isPositive();
    }

    private static long localSize(TestBroker broker, int partition) {
        return broker.broker().partitions().get(new TopicPartition(TOPIC, partition)).orElseThrow().sizeInBytes();
    }
}
