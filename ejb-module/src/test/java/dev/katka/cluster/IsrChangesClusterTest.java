package dev.katka.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.broker.Broker;
import dev.katka.broker.TestBroker;
import dev.katka.config.BrokerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real brokers in this JVM: when a follower goes away and comes back, the leader counts an ISR
 * shrink and an expansion, reports the partition as under-replicated meanwhile, and logs both
 * changes; every broker logs the other's leaving and joining.
 */
@Timeout(180)
class IsrChangesClusterTest {

    private static final String TOPIC = "watched";

    @TempDir
    Path dir;

    private TestGrid grid;
    private final Map<Integer, TestBroker> brokers = new HashMap<>();
    /** Held here: java.util.logging keeps loggers weakly, and a collected one loses its handler. */
    private final Logger katkaLogger = Logger.getLogger("dev.katka");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void startCluster() {
        katkaLogger.addHandler(capture);
        grid = new TestGrid(2, 0);
        startBroker(1);
        startBroker(2);
    }

    private void startBroker(int id) {
        brokers.put(id, TestBroker.startInGrid(dir, grid, id, Map.of(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "1")));
    }

    @AfterEach
    void stopCluster() {
        brokers.values().forEach(TestBroker::close);
        if (grid != null) {
            grid.close();
        }
        katkaLogger.removeHandler(capture);
    }

    @Test
    void aFollowerThatLeavesAndReturnsShrinksAndExpandsTheIsr() throws Exception {
        try (Admin admin = Admin.create(TestBroker.clientProperties(brokers.values()))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 2))).all().get();
                return true;
            });
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> partition(admin).isr().size() == 2);
            int leaderId = partition(admin).leader().id();
            int followerId = 3 - leaderId;
            Broker leader = brokers.get(leaderId).broker();
            assertThat(leader.metrics().isrShrinks()).isZero();

            TestBroker follower = brokers.get(followerId);
            follower.stop();
            grid.shutdown(followerId - 1);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(leader.metrics().isrShrinks()).isEqualTo(1);
                assertThat(leader.underReplicatedPartitions()).isEqualTo(1);
            });
            assertThat(lines)
                    .anyMatch(line -> line.startsWith("ISR of " + TOPIC + "-0 shrank from [")
                            && line.endsWith("] to [" + leaderId + "]"))
                    .anyMatch(line -> line.startsWith("Broker " + followerId + " left the cluster"));

            follower.startAgain();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(leader.metrics().isrExpansions()).isEqualTo(1);
                assertThat(leader.underReplicatedPartitions()).isZero();
            });
            assertThat(lines).anyMatch(line -> line.startsWith("ISR of " + TOPIC + "-0 expanded from [" + leaderId + "] to "));
        }
    }

    private static TopicPartitionInfo partition(Admin admin) throws Exception {
        return admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions().get(0);
    }
}
