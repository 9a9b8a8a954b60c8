package dev.katka.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * The broker's durable metadata image: its identity, its topics and their configurations, and
 * the producer ids it has handed out. Survives restarts; in the container it is the broker's own
 * H2 database, written through JPA.
 *
 * <p>Every method is blocking I/O and commits before it returns: never call it from a network
 * thread. Implementations are thread-safe. Methods throw {@link MetadataStoreException} when the
 * store cannot be read or written; nothing is half-applied then.
 */
public interface MetadataStore {

    /** The identity recorded at first start, if any. */
    Optional<BrokerIdentity> identity();

    /** Records the identity; called once, at the first start of a data directory. */
    void saveIdentity(BrokerIdentity identity);

    /** Every topic, in no particular order. */
    List<TopicRecord> topics();

    /**
     * Stores a new topic.
     *
     * @throws MetadataStoreException if a topic of that name or id exists
     */
    void createTopic(TopicRecord topic);

    /** Removes a topic and its configuration; does nothing if it is absent. */
    void deleteTopic(Uuid topicId);

    /** Replaces a topic's configuration overrides (an empty map: all defaults). */
    void updateTopicConfigs(Uuid topicId, Map<String, String> configs);

    /** Raises a topic's partition count. */
    void updatePartitionCount(Uuid topicId, int partitionCount);

    /**
     * Reserves {@code count} producer ids never handed out before by this store, also across
     * restarts.
     *
     * @return the first id of the block; the block is {@code [first, first + count)}
     */
    long allocateProducerIds(int count);

    /** The cluster a data directory belongs to and the broker it is. */
    record BrokerIdentity(String clusterId, int nodeId) {
    }
}
