package dev.katka.admin;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/**
 * {@link ClusterAdmin} through Kafka's Admin client: DescribeCluster for the brokers and the
 * controller, Metadata for who leads and holds which partition.
 *
 * <p>Stateless: the container gives each call an instance of its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterAdminService implements ClusterAdmin {

    @EJB
    private AdminConnection connection;

    private ClusterClients clients;

    public ClusterAdminService() {
    }

    /** Outside a container (tests). */
    ClusterAdminService(ClusterClients clients) {
        this.clients = clients;
    }

    @PostConstruct
    void connect() {
        clients = connection.clients();
    }

    @Override
    public ClusterOverview overview() {
        ClusterState state = ClusterState.read(clients.admin());
        List<TopicPartitionInfo> partitions = state.topics().values().stream()
                .flatMap(topic -> topic.partitions().stream()).toList();
        return new ClusterOverview(state.clusterId(), state.controllerId(), state.brokers().size(), state.topics().size(),
                partitions.size(),
                (int) partitions.stream().filter(ClusterState::underReplicated).count(),
                (int) partitions.stream().filter(ClusterState::offline).count());
    }

    @Override
    public List<BrokerSummary> brokers() {
        return brokerDetails(ClusterState.read(clients.admin())).values().stream()
                .map(b -> new BrokerSummary(b.id(), b.host(), b.port(), b.controller(), b.alive(), b.leaderPartitions(),
                        b.disk()))
                .toList();
    }

    @Override
    public BrokerDetail broker(int id) {
        BrokerDetail broker = brokerDetails(ClusterState.read(clients.admin())).get(id);
        if (broker == null) {
            throw AdminException.notFound("broker " + id + " does not exist");
        }
        return broker;
    }

    @Override
    public List<ConfigValue> brokerConfigs(int id) {
        if (!ids(ClusterState.liveBrokers(clients.admin())).contains(id)) {
            throw AdminException.notFound("broker " + id + " is not in the cluster now");
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id));
        return ConfigValue.of(KafkaAnswers.await(clients.admin().describeConfigs(List.of(broker)).all(),
                "the configuration of broker " + id).get(broker));
    }

    /** Every broker by id: the live ones first, then those only the partitions' replica lists name. */
    private Map<Integer, BrokerDetail> brokerDetails(ClusterState state) {
        LogDirs logDirs = LogDirs.read(clients.admin(), ids(state.brokers()));
        Map<Integer, List<BrokerPartition>> hosted = new TreeMap<>();
        for (Node node : state.brokers()) {
            hosted.put(node.id(), new ArrayList<>());
        }
        for (TopicDescription topic : state.topics().values()) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                TopicPartition id = new TopicPartition(topic.name(), partition.partition());
                for (Node replica : partition.replicas()) {
                    hosted.computeIfAbsent(replica.id(), broker -> new ArrayList<>()).add(new BrokerPartition(
                            topic.name(), partition.partition(), ClusterState.leaderId(partition),
                            ids(partition.replicas()), ids(partition.isr()),
                            logDirs.replicaSize(replica.id(), id).orElse(null)));
                }
            }
        }
        Map<Integer, BrokerDetail> brokers = new TreeMap<>();
        hosted.forEach((id, partitions) -> {
            Node live = state.brokers().stream().filter(node -> node.id() == id).findFirst().orElse(null);
            int leading = (int) partitions.stream().filter(p -> p.leader() == id).count();
            brokers.put(id, new BrokerDetail(id, live == null ? null : live.host(), live == null ? null : live.port(),
                    id == state.controllerId(), live != null, leading, logDirs.usage(id).orElse(null),
                    List.copyOf(partitions)));
        });
        return brokers;
    }

    static List<Integer> ids(Collection<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
