package dev.katka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.katka.protocol.ProtocolClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerLifecycleTest {

    @TempDir
    Path dataDir;

    @Test
    void aSecondBrokerOnTheSameDataDirectoryIsRefused() {
        try (TestBroker first = TestBroker.start(dataDir)) {
            assertThatThrownBy(() -> TestBroker.start(dataDir))
                    .isInstanceOf(BrokerStartupException.class)
                    .hasMessageContaining(dataDir.toString())
                    .hasMessageContaining("in use");
            assertThat(first.broker().isRunning()).isTrue();
        }
    }

    @Test
    void aDataDirectoryKeepsItsIdentityAndRefusesAnotherNodeId() throws Exception {
        String clusterId;
        try (TestBroker broker = TestBroker.start(dataDir)) {
            clusterId = broker.broker().cluster().clusterId();
        }
        assertThat(Files.readString(dataDir.resolve("meta.properties"))).contains("cluster.id=" + clusterId)
                .contains("node.id=1");

        try (TestBroker again = TestBroker.start(dataDir)) {
            assertThat(again.broker().cluster().clusterId()).isEqualTo(clusterId);
        }
        assertThatThrownBy(() -> TestBroker.start(dataDir, Map.of("node.id", "2")))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("node.id=2")
                .hasMessageContaining("node 1");
    }

    @Test
    void stoppingAnswersAFetchThatIsStillWaitingForData() throws Exception {
        TestBroker broker = TestBroker.start(dataDir);
        broker.broker().topics().create("quiet", 1, (short) 1, Map.of(), false);
        try (ProtocolClient client = new ProtocolClient(broker.broker().boundAddress())) {
            FetchRequestData fetch = new FetchRequestData().setMaxWaitMs(60_000).setMinBytes(1).setMaxBytes(1 << 20)
                    .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("quiet").setPartitions(List.of(
                            new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0)
                                    .setPartitionMaxBytes(1 << 20)))));
            fetch.setReplicaId(-1);
            CompletableFuture<FetchResponse> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.<FetchResponse>send(new FetchRequest(fetch, (short) 12));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.broker().waitingFetches() == 1);

            broker.stop();

            FetchResponse response = answer.get(10, TimeUnit.SECONDS);
            assertThat(response.error()).isEqualTo(Errors.NONE);
            assertThat(response.data().responses().get(0).partitions().get(0).errorCode()).isZero();
        }
    }
}
