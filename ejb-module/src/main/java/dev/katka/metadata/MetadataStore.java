package dev.katka.metadata;

import java.util.Optional;

/**
 * The broker's durable metadata: its identity and the cluster's {@link MetadataImage} as this
 * broker last applied it (topics, partitions, brokers, the next producer id). Survives restarts;
 * in the container it is the broker's own H2 database, written through JPA.
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
     * of a store ({@code before} is {@link MetadataImage#EMPTY}) replaces any topic rows stored
     * before the image existed (by Katka versions that kept topics one by one).
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
