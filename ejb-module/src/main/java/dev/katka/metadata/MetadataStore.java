package dev.katka.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * The broker's durable metadata: its identity, the cluster's {@link MetadataImage} as this broker
 * last applied it, its topics and their configurations, and the producer ids it has handed out.
 * Survives restarts; in the container it is the broker's own H2 database, written through JPA.
 *
 * <p>The per-topic methods ({@link #createTopic} and the rest) and {@link #saveImage} write the
 * same topics: {@link #topics()} reads those of the saved image too. The image is meant to
 * replace the per-topic methods; until they are gone, a store's topics should be written by one
 * or the other (see {@link #saveImage}).
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

    /**
     * The last image saved, or empty when none was ever saved.
     *
     * @throws MetadataStoreException also when what is stored is not an image (partitions missing
     *                                or without their topic, a list column that is no list)
     */
    Optional<MetadataImage> loadImage();

    /**
     * Saves {@code after}, the image that follows {@code before} (the image last saved or loaded,
     * or {@link MetadataImage#EMPTY}); writes only what differs between them (topics added,
     * removed or changed, partitions changed, brokers changed, the version row), in one
     * transaction: after a crash either all of it or none of it is there. {@code after} may be
     * many records past {@code before}; a changed partition costs its own row and the version row.
     *
     * <p>{@code before} is checked against the stored version, which also makes concurrent saves
     * from the same image safe: one succeeds, the others fail and change nothing. The first save
     * of a store ({@code before} is {@link MetadataImage#EMPTY}) replaces any topics that
     * {@link #createTopic} stored before.
     *
     * @throws IllegalArgumentException if {@code after} fences a broker it has not registered
     *                                  (the store keeps fencing with the registration)
     * @throws MetadataStoreException   if the store holds another version than {@code before}'s
     *                                  (a store without image counts as version 0), or cannot be
     *                                  written; nothing was saved then
     */
    void saveImage(MetadataImage before, MetadataImage after);

    /** The cluster a data directory belongs to and the broker it is. */
    record BrokerIdentity(String clusterId, int nodeId) {
    }
}
