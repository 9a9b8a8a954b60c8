package dev.katka.server;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What the cluster tests ask of a cluster, through kafka-clients' Admin with short timeouts: a
 * hung or cut-off broker must cost one short timeout before another broker is asked, not the
 * client's default 30 s.
 *
 * <p>Not thread-safe: one test thread.
 */
final class ClusterAdmin implements AutoCloseable {

    private final Admin admin;

    private ClusterAdmin(Admin admin) {
        this.admin = admin;
    }

    static ClusterAdmin connect(String bootstrapServers) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        config.put(AdminClientConfig.METADATA_MAX_AGE_CONFIG, "1000");
        return new ClusterAdmin(Admin.create(config));
    }

    /** Waits until DescribeCluster lists {@code brokers} brokers. */
    void awaitBrokers(int brokers, Duration within) {
        await(brokers + " brokers in the cluster").atMost(within).ignoreExceptions()
                .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == brokers);
    }

    /** A topic with three replicas of which two must have every acks=all write. */
    void createReplicatedTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3)
                .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
    }

    List<TopicPartitionInfo> partitions(String topic) throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions();
    }

    /** The controller's id, -1 when there is none. */
    int controllerId() throws InterruptedException, ExecutionException, TimeoutException {
        Node controller = admin.describeCluster().controller().get(10, TimeUnit.SECONDS);
        return controller == null ? -1 : controller.id();
    }

    /** The leader's id of a partition, -1 when it has none. */
    int leaderId(String topic, int partition) throws InterruptedException, ExecutionException, TimeoutException {
        Node leader = partitions(topic).get(partition).leader();
        return leader == null ? -1 : leader.id();
    }

    void awaitFullIsr(String topic, int replicas, Duration within) {
        await("every partition of " + topic + " with " + replicas + " brokers in its ISR").atMost(within)
                .ignoreExceptions().until(() -> partitions(topic).stream().allMatch(p -> p.isr().size() == replicas));
    }

    /** Waits until no partition of the topic is led by {@code brokerId} (or leaderless). */
    void awaitLeadersOtherThan(String topic, int brokerId, Duration within) {
        await("every partition of " + topic + " led by a broker other than " + brokerId).atMost(within)
                .ignoreExceptions().until(() -> partitions(topic).stream()
                        .allMatch(p -> p.leader() != null && p.leader().id() != brokerId));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
