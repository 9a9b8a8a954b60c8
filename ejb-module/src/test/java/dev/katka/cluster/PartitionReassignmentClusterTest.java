package dev.katka.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.broker.TestBroker;
import dev.katka.config.BrokerConfig;
import dev.katka.protocol.ProtocolClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real brokers on a Hazelcast grid on loopback, driven by kafka-clients' Admin, producer
 * and consumer: moving a partition's replicas while clients write, and bringing leadership back
 * to the preferred replica.
 */
@Timeout(300)
class PartitionReassignmentClusterTest {

    @TempDir
    Path dir;

    private TestGrid grid;
    private final Map<Integer, TestBroker> brokers = new HashMap<>();

    @BeforeEach
    void startCluster() {
        grid = new TestGrid(3, 0);
        for (int id = 1; id <= 3; id++) {
            // No automatic preferred elections: the tests decide when leadership moves back.
            brokers.put(id, TestBroker.startInGrid(dir, grid, id, Map.of(BrokerConfig.AUTO_LEADER_REBALANCE_ENABLE, "false")));
        }
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

    private void stop(int id) {
        brokers.get(id).stop();
        grid.shutdown(id - 1);
    }

    private static void createTopic(Admin admin, String name, List<Integer> replicas) {
        await("topic " + name + " to be created").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            admin.createTopics(List.of(new NewTopic(name, Map.of(0, replicas)))).all().get();
            return true;
        });
        await("every replica of " + name + " in sync").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> partition(admin, name).isr().size() == replicas.size());
    }

    private static TopicPartitionInfo partition(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().get(0);
    }

    @Test
    void aReassignmentMovesAPartitionOntoTheThirdBrokerWhileAProducerWritesAndLosesNoAcknowledgedRecord()
            throws Exception {
        TopicPartition tp = new TopicPartition("moving", 0);
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        try (Admin admin = Admin.create(clientProperties())) {
            createTopic(admin, "moving", List.of(1, 2));
            // The replica arrives on a broker that is down at first, so the reassignment is seen under way.
            stop(3);
            Thread producer = new Thread(() -> produce("moving", acknowledged, producing), "test-producer");
            producer.start();
            await("records acknowledged").atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 100);

            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(2, 3)))))
                    .all().get();

            Map<TopicPartition, PartitionReassignment> underWay = admin.listPartitionReassignments().reassignments().get();
            assertThat(underWay).containsKey(tp);
            assertThat(underWay.get(tp).replicas()).containsExactly(2, 3, 1);
            assertThat(underWay.get(tp).addingReplicas()).containsExactly(3);
            assertThat(underWay.get(tp).removingReplicas()).containsExactly(1);

            brokers.get(3).startAgain();
            await("the reassignment to finish").atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() ->
                    admin.listPartitionReassignments(Set.of(tp)).reassignments().get().isEmpty());
            int before = acknowledged.size();
            await("records acknowledged after the move").atMost(Duration.ofSeconds(60))
                    .until(() -> acknowledged.size() >= before + 100);
            producing.set(false);
            producer.join(60_000);

            TopicPartitionInfo moved = partition(admin, "moving");
            assertThat(moved.replicas()).extracting(Node::id).containsExactly(2, 3);
            assertThat(moved.leader().id()).isIn(2, 3);
            assertThat(brokers.get(1).broker().partitions().get(tp)).as("the leaving replica is gone").isEmpty();
            ExecutionException nothingToCancel = org.assertj.core.api.Assertions.catchThrowableOfType(
                    ExecutionException.class, () -> admin.alterPartitionReassignments(Map.of(tp, Optional.empty()))
                            .all().get());
            assertThat(nothingToCancel).hasCauseInstanceOf(NoReassignmentInProgressException.class);
        }

        // Read from the new replicas only: broker 1 holds none any more.
        Map<Long, String> read = consumeAll("moving", acknowledged.size());
        acknowledged.forEach((offset, value) ->
                assertThat(read).as("acknowledged offset " + offset).containsEntry(offset, value));
    }

    @Test
    void electLeadersBringsLeadershipBackToThePreferredReplicaAfterAFailover() throws Exception {
        TopicPartition tp = new TopicPartition("elected", 0);
        try (Admin admin = Admin.create(clientProperties())) {
            createTopic(admin, "elected", List.of(2, 3, 1));
            stop(2);
            await("a new leader").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> partition(admin, "elected").leader().id() != 2);
            brokers.get(2).startAgain();
            await("broker 2 back in sync").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> partition(admin, "elected").isr().stream().anyMatch(n -> n.id() == 2));
            assertThat(partition(admin, "elected").leader().id()).as("no automatic election").isNotEqualTo(2);

            Map<TopicPartition, Optional<Throwable>> results = admin.electLeaders(ElectionType.PREFERRED, Set.of(tp))
                    .partitions().get();

            assertThat(results.get(tp)).isEmpty();
            assertThat(partition(admin, "elected").leader().id()).isEqualTo(2);
            Map<TopicPartition, Optional<Throwable>> again = admin.electLeaders(ElectionType.PREFERRED, Set.of(tp))
                    .partitions().get();
            assertThat(again.get(tp)).get().extracting(Throwable::getClass).extracting(Class::getSimpleName)
                    .isEqualTo("ElectionNotNeededException");
        }
    }

    @Test
    void electLeadersSentToABrokerThatIsNotTheControllerIsForwarded() throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            createTopic(admin, "forwarded-election", List.of(1, 2));
        }
        int controller = brokers.get(1).broker().cluster().controllerId();
        TestBroker other = brokers.get(controller == 1 ? 2 : 1);

        try (ProtocolClient client = new ProtocolClient(other.broker().boundAddress())) {
            ElectLeadersResponse response = client.send(new ElectLeadersRequest.Builder(ElectionType.PREFERRED,
                    List.of(new TopicPartition("forwarded-election", 0), new TopicPartition("forwarded-election", 7)),
                    30_000).build());

            List<PartitionResult> results = response.data().replicaElectionResults().get(0).partitionResult();
            assertThat(results).extracting(PartitionResult::partitionId, r -> Errors.forCode(r.errorCode()))
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, Errors.ELECTION_NOT_NEEDED),
                            org.assertj.core.groups.Tuple.tuple(7, Errors.UNKNOWN_TOPIC_OR_PARTITION));
        }
    }

    /** Sends records with acks=all until told to stop; records each acknowledged offset and value. */
    private void produce(String topic, Map<Long, String> acknowledged, AtomicBoolean producing) {
        Properties properties = clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; producing.get(); i++) {
                String value = String.valueOf(i);
                producer.send(new ProducerRecord<>(topic, 0, null, value), (sent, failure) -> {
                    if (failure == null) {
                        acknowledged.put(sent.offset(), value);
                    }
                });
                if (i % 50 == 49) {
                    producer.flush();
                }
            }
            producer.flush();
        }
    }

    private Map<Long, String> consumeAll(String topic, int expected) {
        Map<Long, String> read = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(clientProperties(), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(List.of(new TopicPartition(topic, 0)));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("all records to be read").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    read.put(record.offset(), record.value());
                }
                return read.size() >= expected;
            });
        }
        return read;
    }
}
