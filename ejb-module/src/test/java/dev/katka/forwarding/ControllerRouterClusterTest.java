package dev.katka.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.broker.TestBroker;
import dev.katka.cluster.TestGrid;
import dev.katka.protocol.ProtocolClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real brokers on a Hazelcast grid on loopback: controller-bound requests sent to a broker
 * that is not the controller are forwarded to it, and answered only once the receiving broker
 * has the change, so the client's next request to that broker sees it.
 */
@Timeout(300)
class ControllerRouterClusterTest {

    @TempDir
    Path dir;

    private TestGrid grid;
    private final Map<Integer, TestBroker> brokers = new HashMap<>();

    @BeforeEach
    void startCluster() {
        grid = new TestGrid(3, 0);
        for (int id = 1; id <= 3; id++) {
            brokers.put(id, TestBroker.startInGrid(dir, grid, id, Map.of()));
        }
        await("a controller every broker knows").atMost(Duration.ofSeconds(60)).until(() ->
                brokers.values().stream().map(b -> b.broker().cluster().controllerId()).distinct().count() == 1
                        && controller() > 0);
    }

    @AfterEach
    void stopCluster() {
        brokers.values().forEach(TestBroker::close);
        if (grid != null) {
            grid.close();
        }
    }

    private int controller() {
        return brokers.values().iterator().next().broker().cluster().controllerId();
    }

    private TestBroker notController() {
        int controller = controller();
        return brokers.entrySet().stream().filter(e -> e.getKey() != controller).findFirst().orElseThrow().getValue();
    }

    @Test
    void createTopicsSentToABrokerThatIsNotTheControllerCreatesTheTopicVisibleThereAtOnce() throws Exception {
        TestBroker follower = notController();

        try (ProtocolClient client = new ProtocolClient(follower.broker().boundAddress())) {
            CreateTopicsResponse created = client.send(createTopics("forwarded", 3, 2));
            MetadataResponse metadata = client.send(metadata("forwarded", false));

            assertThat(created.data().topics()).singleElement().satisfies(t -> {
                assertThat(t.errorCode()).as(t.errorMessage()).isEqualTo(Errors.NONE.code());
                assertThat(t.numPartitions()).isEqualTo(3);
                assertThat(t.replicationFactor()).isEqualTo((short) 2);
            });
            assertThatEveryPartitionHasALeader(metadata, "forwarded", 3);
        }
    }

    @Test
    void refusalsOfTheControllerComeBackThroughTheForwardingBroker() throws Exception {
        TestBroker follower = notController();

        try (ProtocolClient client = new ProtocolClient(follower.broker().boundAddress())) {
            CreateTopicsResponse tooMany = client.send(createTopics("too-many-replicas", 1, 4));

            CreatableTopicResult result = tooMany.data().topics().find("too-many-replicas");
            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
            assertThat(result.errorMessage()).contains("Replication factor 4");
        }
    }

    @Test
    void autoCreationThroughABrokerThatIsNotTheControllerAnswersWithTheNewTopic() throws Exception {
        TestBroker follower = notController();

        try (ProtocolClient client = new ProtocolClient(follower.broker().boundAddress())) {
            MetadataResponse metadata = client.send(metadata("auto-created", true));

            assertThatEveryPartitionHasALeader(metadata, "auto-created", 1);
        }
    }

    @Test
    void aProducerThatKnowsOnlyABrokerThatIsNotTheControllerWritesToANewTopic() throws Exception {
        TestBroker follower = notController();
        Properties properties = follower.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("produced-to-new-topic", "k", "v"))
                    .get(60, TimeUnit.SECONDS);

            assertThat(sent.offset()).isZero();
        }
        assertThat(follower.broker().topics().get("produced-to-new-topic")).isPresent();
    }

    @Test
    void requestsSentWhileTheControllerFailsAreAnsweredByTheNextOne() throws Exception {
        int controller = controller();
        brokers.remove(controller).close();
        grid.kill(controller - 1);

        List<CompletableFuture<CreateTopicsResponse>> answers = brokers.values().stream().map(b ->
                CompletableFuture.supplyAsync(() -> {
                    try (ProtocolClient client = new ProtocolClient(b.broker().boundAddress())) {
                        return client.<CreateTopicsResponse>send(createTopics("after-failover-" + b.broker().config().nodeId(),
                                1, 2));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toList();

        for (CompletableFuture<CreateTopicsResponse> answer : answers) {
            assertThat(answer.get(60, TimeUnit.SECONDS).data().topics()).singleElement()
                    .satisfies(t -> assertThat(t.errorCode()).as(t.errorMessage()).isEqualTo(Errors.NONE.code()));
        }
        for (TestBroker broker : brokers.values()) {
            assertThat(broker.broker().topics().all()).as("topics on broker " + broker.broker().config().nodeId())
                    .extracting(t -> t.name()).contains("after-failover-" + broker.broker().config().nodeId());
        }
    }

    private static CreateTopicsRequest createTopics(String name, int partitions, int replicationFactor) {
        CreatableTopicCollection topics = new CreatableTopicCollection();
        topics.add(new CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor((short) replicationFactor));
        return new CreateTopicsRequest.Builder(new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(30_000))
                .build();
    }

    private static MetadataRequest metadata(String topic, boolean autoCreate) {
        return new MetadataRequest.Builder(new MetadataRequestData().setAllowAutoTopicCreation(autoCreate)
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic)))).build();
    }

    private static void assertThatEveryPartitionHasALeader(MetadataResponse metadata, String name, int partitions) {
        MetadataResponseTopic topic = metadata.data().topics().find(name);
        assertThat(topic).as("topic " + name + " in " + metadata.data()).isNotNull();
        assertThat(topic.errorCode()).as(metadata.data().toString()).isEqualTo(Errors.NONE.code());
        assertThat(topic.partitions()).hasSize(partitions)
                .extracting(MetadataResponsePartition::leaderId).allSatisfy(leader -> assertThat(leader).isPositive());
    }
}
