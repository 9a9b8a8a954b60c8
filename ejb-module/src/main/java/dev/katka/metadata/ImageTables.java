package dev.katka.metadata;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;

/**
 * Reads and writes a {@link MetadataImage} as rows: {@code metadata_version} (one row),
 * {@code broker}, {@code topic} with {@code topic_config}, and {@code topic_partition}.
 *
 * <p>Writing compares the image being saved with the one it follows, record by record
 * ({@code equals()} on {@link BrokerRegistration}, {@link TopicImage}, {@link PartitionState}), and
 * touches only the rows of what differs: an ISR change reads and updates its partition's row and
 * the version row, and nothing else.
 *
 * <p>Every method works inside the caller's transaction on the given EntityManager; stateless,
 * so thread-safe as far as it goes (the EntityManager is not).
 */
final class ImageTables {

    private ImageTables() {
    }

    /** The saved image, or empty when the version row is absent (nothing saved yet). */
    static Optional<MetadataImage> load(EntityManager em) {
        // Locked like a save locks it: H2 reads committed rows statement by statement, so without
        // the lock a save committing between the queries below would make a mixture of two images.
        MetadataVersionEntity version = em.find(MetadataVersionEntity.class, MetadataVersionEntity.ONLY_ROW,
                LockModeType.PESSIMISTIC_WRITE);
        if (version == null) {
            return Optional.empty();
        }
        Map<Integer, BrokerRegistration> brokers = new HashMap<>();
        Set<Integer> fenced = new HashSet<>();
        for (BrokerEntity broker : em.createQuery("select b from BrokerEntity b", BrokerEntity.class).getResultList()) {
            brokers.put(broker.id(), broker.toRegistration());
            if (broker.fenced()) {
                fenced.add(broker.id());
            }
        }
        Map<String, List<PartitionState>> partitionsByTopic = new HashMap<>();
        for (TopicPartitionEntity partition : em.createQuery(
                "select p from TopicPartitionEntity p order by p.topicId, p.partitionIndex", TopicPartitionEntity.class)
                .getResultList()) {
            List<PartitionState> partitions = partitionsByTopic.computeIfAbsent(partition.topicId(), id -> new ArrayList<>());
            if (partition.partitionIndex() != partitions.size()) {
                throw new MetadataStoreException("cannot load the metadata image: topic id " + partition.topicId()
                        + " has partition " + partition.partitionIndex() + " but no partition " + partitions.size());
            }
            partitions.add(partition.toState());
        }
        Map<Uuid, TopicImage> topics = new HashMap<>();
        // One query for topics and their configurations instead of one more per topic.
        for (TopicEntity topic : em.createQuery("select distinct t from TopicEntity t left join fetch t.configs",
                TopicEntity.class).getResultList()) {
            List<PartitionState> partitions = partitionsByTopic.remove(topic.id().toString());
            int found = partitions == null ? 0 : partitions.size();
            if (found != topic.partitionCount()) {
                // A topic row without its partitions (written by an older Katka, or a damaged file): not an image.
                throw new MetadataStoreException("cannot load the metadata image: topic " + topic.name() + " (id "
                        + topic.id() + ") has " + topic.partitionCount() + " partitions but " + found + " partition rows");
            }
            topics.put(topic.id(), new TopicImage(topic.id(), topic.name(), topic.configs(),
                    partitions == null ? List.of() : partitions));
        }
        if (!partitionsByTopic.isEmpty()) {
            throw new MetadataStoreException("cannot load the metadata image: there are partitions of topic ids "
                    + new TreeSet<>(partitionsByTopic.keySet()) + " but no such topics");
        }
        return Optional.of(new MetadataImage(version.version(), version.controllerEpoch(), brokers, fenced, topics,
                version.nextProducerId()));
    }

    /**
     * Makes the rows those of {@code after}, given that they are those of {@code before}: checks
     * that with the version row (locked until the transaction ends), then writes the difference.
     */
    static void save(EntityManager em, MetadataImage before, MetadataImage after) {
        MetadataVersionEntity version = em.find(MetadataVersionEntity.class, MetadataVersionEntity.ONLY_ROW,
                LockModeType.PESSIMISTIC_WRITE);
        long stored = version == null ? 0 : version.version();
        if (stored != before.version()) {
            throw new MetadataStoreException("cannot save metadata image version " + after.version()
                    + ": it follows version " + before.version() + " but the store holds version " + stored
                    + " (saved by another writer, or the caller lost track of what it saved)");
        }
        MetadataImage from = before;
        if (version == null) {
            // The first image: topic rows an older Katka stored one by one are not part of it.
            deleteAllTopicsAndBrokers(em);
            from = MetadataImage.EMPTY;
        }
        deleteRemoved(em, from, after);
        // Deletes first, on their own: Hibernate would otherwise insert before it deletes, and a
        // topic deleted and created again under its old name would collide with itself.
        em.flush();
        writeBrokers(em, from, after);
        writeTopics(em, from, after);
        if (version == null) {
            em.persist(new MetadataVersionEntity(after));
        } else {
            version.set(after);
        }
        em.flush();
    }

    /** Removes a topic's row, configuration and partitions. */
    static void deleteTopic(EntityManager em, TopicEntity topic) {
        em.createQuery("delete from TopicPartitionEntity p where p.topicId = :topicId")
                .setParameter("topicId", topic.id().toString())
                .executeUpdate();
        em.remove(topic);
    }

    private static void deleteAllTopicsAndBrokers(EntityManager em) {
        for (TopicEntity topic : em.createQuery("select t from TopicEntity t", TopicEntity.class).getResultList()) {
            em.remove(topic);
        }
        em.createQuery("delete from TopicPartitionEntity").executeUpdate();
        em.createQuery("delete from BrokerEntity").executeUpdate();
    }

    private static void deleteRemoved(EntityManager em, MetadataImage before, MetadataImage after) {
        for (TopicImage topic : before.topics().values()) {
            TopicImage kept = after.topics().get(topic.id());
            if (kept == null) {
                TopicEntity row = em.find(TopicEntity.class, topic.id().toString());
                if (row != null) {
                    deleteTopic(em, row);
                }
            } else if (kept.partitions().size() < topic.partitions().size()) {
                // Partition counts only grow in Kafka; an image that says otherwise is still saved as it is.
                em.createQuery("delete from TopicPartitionEntity p where p.topicId = :topicId"
                                + " and p.partitionIndex >= :count")
                        .setParameter("topicId", topic.id().toString())
                        .setParameter("count", kept.partitions().size())
                        .executeUpdate();
            }
        }
        for (int brokerId : before.brokers().keySet()) {
            if (!after.brokers().containsKey(brokerId)) {
                BrokerEntity row = em.find(BrokerEntity.class, brokerId);
                if (row != null) {
                    em.remove(row);
                }
            }
        }
    }

    private static void writeBrokers(EntityManager em, MetadataImage before, MetadataImage after) {
        for (BrokerRegistration broker : after.brokers().values()) {
            int id = broker.id();
            boolean fenced = after.fenced().contains(id);
            BrokerRegistration old = before.brokers().get(id);
            if (old == null) {
                em.persist(new BrokerEntity(broker, fenced));
            } else if (!old.equals(broker) || before.fenced().contains(id) != fenced) {
                existing(em, BrokerEntity.class, id, "broker " + id).set(broker, fenced);
            }
        }
    }

    private static void writeTopics(EntityManager em, MetadataImage before, MetadataImage after) {
        for (TopicImage topic : after.topics().values()) {
            String id = topic.id().toString();
            TopicImage old = before.topics().get(topic.id());
            if (old == null) {
                em.persist(new TopicEntity(topic));
                for (int index = 0; index < topic.partitions().size(); index++) {
                    em.persist(new TopicPartitionEntity(id, index, topic.partition(index)));
                }
            } else if (!old.equals(topic)) {
                if (TopicEntity.rowDiffers(old, topic)) {
                    existing(em, TopicEntity.class, id, "topic " + old.name()).set(topic);
                }
                for (int index = 0; index < topic.partitions().size(); index++) {
                    PartitionState state = topic.partition(index);
                    if (index >= old.partitions().size()) {
                        em.persist(new TopicPartitionEntity(id, index, state));
                    } else if (!old.partition(index).equals(state)) {
                        existing(em, TopicPartitionEntity.class, new TopicPartitionEntity.Key(id, index),
                                "partition " + index + " of topic " + old.name()).set(state);
                    }
                }
            }
        }
    }

    /** The row of something the image being saved from has: its absence means the rows are not that image. */
    private static <E> E existing(EntityManager em, Class<E> type, Object key, String what) {
        E row = em.find(type, key);
        if (row == null) {
            throw new MetadataStoreException("cannot save the metadata image: " + what
                    + " is in the image it follows but not in the store");
        }
        return row;
    }
}
