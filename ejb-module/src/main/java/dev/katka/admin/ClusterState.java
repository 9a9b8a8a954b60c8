package dev.katka.admin;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What the cluster says of itself at one moment: its id, controller, live brokers and every topic
 * (internal ones too) with its partitions. The overview, the broker pages and the topic list are
 * all views of it.
 *
 * <p>Immutable; thread-safe.
 */
record ClusterState(String clusterId, Node controller, Collection<Node> brokers, Map<String, TopicDescription> topics) {

    static ClusterState read(Admin admin) {
        DescribeClusterResult cluster = admin.describeCluster();
        Set<String> names = KafkaAnswers.await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names(),
                "the topic list");
        Map<String, TopicDescription> topics = new TreeMap<>(
                KafkaAnswers.await(admin.describeTopics(names).allTopicNames(), "the topics"));
        return new ClusterState(
                KafkaAnswers.await(cluster.clusterId(), "the cluster id"),
                KafkaAnswers.await(cluster.controller(), "the controller"),
                KafkaAnswers.await(cluster.nodes(), "the brokers"),
                topics);
    }

    /** The brokers in the cluster now, without reading the topics. */
    static Collection<Node> liveBrokers(Admin admin) {
        return KafkaAnswers.await(admin.describeCluster().nodes(), "the brokers");
    }

    int controllerId() {
        return controller == null || controller.isEmpty() ? -1 : controller.id();
    }

    static boolean underReplicated(TopicPartitionInfo partition) {
        return partition.isr().size() < partition.replicas().size();
    }

    static boolean offline(TopicPartitionInfo partition) {
        return partition.leader() == null || partition.leader().isEmpty();
    }

    static int leaderId(TopicPartitionInfo partition) {
        return offline(partition) ? -1 : partition.leader().id();
    }
}
