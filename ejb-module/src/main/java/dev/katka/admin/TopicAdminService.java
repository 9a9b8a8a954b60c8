package dev.katka.admin;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/**
 * {@link TopicAdmin} through Kafka's Admin client (CreateTopics, DeleteTopics, CreatePartitions,
 * DescribeConfigs, IncrementalAlterConfigs, ListOffsets). Counts are checked here first so that
 * the message names the bad value; what only the cluster can judge (a config name, a replication
 * factor larger than the brokers) comes back in the cluster's words.
 *
 * <p>Stateless: the container gives each call an instance of its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TopicAdminService implements TopicAdmin {

    @EJB
    private AdminConnection connection;

    private ClusterClients clients;

    public TopicAdminService() {
    }

    /** Outside a container (tests). */
    TopicAdminService(ClusterClients clients) {
        this.clients = clients;
    }

    @PostConstruct
    void connect() {
        clients = connection.clients();
    }

    @Override
    public List<TopicSummary> topics(String search) {
        String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        return ClusterState.read(clients.admin()).topics().values().stream()
                .filter(topic -> topic.name().toLowerCase(Locale.ROOT).contains(needle))
                .map(TopicAdminService::summary)
                .toList();
    }

    @Override
    public TopicDetail create(TopicCreation topic) {
        if (topic == null || topic.name() == null || topic.name().isBlank()) {
            throw AdminException.invalid("name is required");
        }
        Optional<Integer> partitions = Optional.ofNullable(topic.partitions());
        partitions.ifPresent(count -> requireAtLeastOne("partitions", count));
        Optional<Short> replicationFactor = Optional.ofNullable(topic.replicationFactor()).map(factor -> {
            requireAtLeastOne("replicationFactor", factor);
            if (factor > Short.MAX_VALUE) {
                throw AdminException.invalid("replicationFactor must be at most " + Short.MAX_VALUE + ", not " + factor);
            }
            return factor.shortValue();
        });
        NewTopic request = new NewTopic(topic.name(), partitions, replicationFactor)
                .configs(topic.configs() == null ? Map.of() : topic.configs());
        KafkaAnswers.await(clients.admin().createTopics(List.of(request)).all(), describe(topic.name()));
        return topic(topic.name());
    }

    @Override
    public TopicDetail topic(String name) {
        Admin admin = clients.admin();
        TopicDescription description = describeTopic(name);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            TopicPartition id = new TopicPartition(name, partition.partition());
            earliest.put(id, OffsetSpec.earliest());
            latest.put(id, OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> starts = KafkaAnswers.await(admin.listOffsets(earliest).all(),
                "the log start offsets of " + describe(name));
        Map<TopicPartition, ListOffsetsResultInfo> ends = KafkaAnswers.await(admin.listOffsets(latest).all(),
                "the log end offsets of " + describe(name));
        LogDirs logDirs = LogDirs.read(admin, holdersAlive(admin, description));
        List<PartitionDetail> partitions = new ArrayList<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            TopicPartition id = new TopicPartition(name, partition.partition());
            int leader = ClusterState.leaderId(partition);
            List<Integer> replicas = ClusterAdminService.ids(partition.replicas());
            partitions.add(new PartitionDetail(partition.partition(), leader, replicas,
                    ClusterAdminService.ids(partition.isr()), starts.get(id).offset(), ends.get(id).offset(),
                    logDirs.partitionSize(id, leader, replicas)));
        }
        return new TopicDetail(name, description.isInternal(), partitions, configs(name));
    }

    /** The live brokers that hold a replica of the topic: those worth asking for sizes. */
    private static List<Integer> holdersAlive(Admin admin, TopicDescription topic) {
        List<Integer> live = ClusterAdminService.ids(ClusterState.liveBrokers(admin));
        return topic.partitions().stream()
                .flatMap(partition -> ClusterAdminService.ids(partition.replicas()).stream())
                .distinct()
                .filter(live::contains)
                .toList();
    }

    @Override
    public void delete(String name) {
        KafkaAnswers.await(clients.admin().deleteTopics(List.of(name)).all(), describe(name));
    }

    @Override
    public List<ConfigValue> changeConfigs(String name, Map<String, String> changes) {
        if (changes == null || changes.isEmpty()) {
            throw AdminException.invalid("no configuration changes given: send {\"name\": \"value\"} or {\"name\": null} to reset");
        }
        describeTopic(name);
        Collection<AlterConfigOp> operations = new ArrayList<>();
        changes.forEach((key, value) -> operations.add(value == null
                ? new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET)));
        KafkaAnswers.await(clients.admin().incrementalAlterConfigs(Map.of(resource(name), operations)).all(),
                "the configuration of " + describe(name));
        return configs(name);
    }

    @Override
    public TopicDetail addPartitions(String name, Integer count) {
        int current = describeTopic(name).partitions().size();
        if (count == null || count <= current) {
            throw AdminException.invalid("count must be more than the " + current + " partitions " + describe(name)
                    + " has, not " + count);
        }
        KafkaAnswers.await(clients.admin().createPartitions(Map.of(name, NewPartitions.increaseTo(count))).all(),
                describe(name));
        return topic(name);
    }

    private TopicDescription describeTopic(String name) {
        return KafkaAnswers.await(clients.admin().describeTopics(List.of(name)).allTopicNames(), describe(name)).get(name);
    }

    private List<ConfigValue> configs(String name) {
        Config config = KafkaAnswers.await(clients.admin().describeConfigs(List.of(resource(name))).all(),
                "the configuration of " + describe(name)).get(resource(name));
        return ConfigValue.of(config);
    }

    private static TopicSummary summary(TopicDescription topic) {
        List<TopicPartitionInfo> partitions = topic.partitions();
        int replicationFactor = partitions.isEmpty() ? 0 : partitions.get(0).replicas().size();
        return new TopicSummary(topic.name(), partitions.size(), replicationFactor, topic.isInternal(),
                (int) partitions.stream().filter(ClusterState::underReplicated).count());
    }

    private static void requireAtLeastOne(String field, int value) {
        if (value < 1) {
            throw AdminException.invalid(field + " must be at least 1, not " + value);
        }
    }

    private static ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    static String describe(String topic) {
        return "topic '" + topic + "'";
    }
}
