package dev.katka.group;

import dev.katka.cluster.ClusterView;
import dev.katka.config.GroupSettings;
import dev.katka.metadata.TopicRecord;
import dev.katka.topic.TopicRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;

/**
 * The internal topic {@code __consumer_offsets}: which of its partitions holds a group, and its
 * creation, through the controller, the first time a client looks for a coordinator.
 *
 * <p>Thread-safe: lookups read the topic registry; at most one creation is under way at a time,
 * on the admin executor (it waits for the controller).
 */
public final class OffsetsTopic {

    public static final String NAME = Topic.GROUP_METADATA_TOPIC_NAME;
    private static final Logger LOG = Logger.getLogger(OffsetsTopic.class.getName());

    private final TopicRegistry topics;
    private final Creator creator;
    private final ClusterView cluster;
    private final GroupSettings settings;
    private final Executor admin;
    private final AtomicBoolean creating = new AtomicBoolean();

    /** Creates a topic through the controller, wherever it runs; blocks until it answers. */
    @FunctionalInterface
    public interface Creator {
        void create(String name, int partitions, short replicationFactor, Map<String, String> configs);
    }

    /**
     * @param creator how to have the controller create the topic (this broker's own controller
     *                when it is one, else a CreateTopics request to the controller broker)
     */
    public OffsetsTopic(TopicRegistry topics, Creator creator, ClusterView cluster, GroupSettings settings,
                        Executor admin) {
        this.topics = topics;
        this.creator = creator;
        this.cluster = cluster;
        this.settings = settings;
        this.admin = admin;
    }

    /** The topic, if it exists. */
    public Optional<TopicRecord> topic() {
        return topics.get(NAME);
    }

    /**
     * The partition that holds a group: Kafka's {@code abs(groupId.hashCode()) % partitions}, with
     * the partition count of the topic as it exists (the configured count only before it does).
     */
    public int partitionFor(String groupId) {
        int partitions = topic().map(TopicRecord::partitionCount).orElse(settings.offsetsTopicPartitions());
        return Utils.abs(groupId.hashCode()) % partitions;
    }

    /**
     * Starts creating the topic unless it exists or is being created. Returns at once; a client
     * asking meanwhile gets COORDINATOR_NOT_AVAILABLE and asks again.
     */
    public void createIfMissing() {
        if (topic().isPresent() || !creating.compareAndSet(false, true)) {
            return;
        }
        admin.execute(() -> {
            try {
                short replicas = (short) Math.max(1, Math.min(settings.offsetsTopicReplicationFactor(),
                        cluster.aliveBrokers().size()));
                creator.create(NAME, settings.offsetsTopicPartitions(), replicas, Map.of(
                        "cleanup.policy", "compact",
                        "segment.bytes", Integer.toString(settings.offsetsTopicSegmentBytes()),
                        "compression.type", "producer"));
            } catch (TopicExistsException raced) {
                // created by another broker's request meanwhile
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not create " + NAME + " (clients will ask again): " + e.getMessage());
            } finally {
                creating.set(false);
            }
        });
    }
}
