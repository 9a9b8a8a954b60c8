package dev.katka.metadata;

import jakarta.persistence.EntityExistsException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.Uuid;

/**
 * {@link MetadataStore} on JPA: every method is one transaction run by the given
 * {@link Transactions} (JTA in the container, resource-local in tests).
 *
 * <p>Thread-safe: it holds no state of its own; concurrent calls are separate transactions and
 * the database serialises what must be serialised (producer id allocation locks its row, an image
 * save locks the version row). The image's tables are written by {@link ImageTables}.
 */
public final class JpaMetadataStore implements MetadataStore {

    /** The persistence unit in META-INF/persistence.xml. */
    public static final String PERSISTENCE_UNIT = "katka-metadata";

    /**
     * How often a unit of work that lost a race on a unique key is tried again. The only such
     * race that can be won by trying again is two first-ever producer id allocations both
     * creating the allocation row; one retry settles it, the rest is margin.
     */
    private static final int ATTEMPTS_ON_CONFLICT = 3;

    private final Transactions transactions;

    public JpaMetadataStore(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public Optional<BrokerIdentity> identity() {
        return run("read the broker identity", em -> Optional
                .ofNullable(em.find(BrokerIdentityEntity.class, BrokerIdentityEntity.ONLY_ROW))
                .map(BrokerIdentityEntity::toIdentity));
    }

    @Override
    public void saveIdentity(BrokerIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        run("save the broker identity " + identity, em -> {
            BrokerIdentityEntity existing = em.find(BrokerIdentityEntity.class, BrokerIdentityEntity.ONLY_ROW);
            if (existing != null) {
                throw new MetadataStoreException("cannot save the broker identity " + identity
                        + ": this store already records " + existing.toIdentity());
            }
            em.persist(new BrokerIdentityEntity(identity));
            em.flush();
            return null;
        });
    }

    @Override
    public List<TopicRecord> topics() {
        return run("list topics", em -> em
                .createQuery("select t from TopicEntity t", TopicEntity.class)
                .getResultList().stream()
                .map(TopicEntity::toRecord)
                .toList());
    }

    @Override
    public void createTopic(TopicRecord topic) {
        Objects.requireNonNull(topic, "topic");
        run("create topic " + topic.name(), em -> {
            TopicEntity sameId = em.find(TopicEntity.class, topic.id().toString());
            if (sameId != null) {
                throw new MetadataStoreException("cannot create topic " + topic.name()
                        + ": topic id " + topic.id() + " is taken by topic " + sameId.name());
            }
            if (!topicsNamed(em, topic.name()).isEmpty()) {
                throw new MetadataStoreException("cannot create topic " + topic.name() + ": a topic of that name exists");
            }
            em.persist(new TopicEntity(topic));
            // Flushing here turns a unique-key race with a concurrent create into an error of this call.
            em.flush();
            return null;
        });
    }

    @Override
    public void deleteTopic(Uuid topicId) {
        Objects.requireNonNull(topicId, "topicId");
        run("delete topic " + topicId, em -> {
            TopicEntity topic = em.find(TopicEntity.class, topicId.toString());
            if (topic != null) {
                // With its partitions, should the topic come from a saved image.
                ImageTables.deleteTopic(em, topic);
                em.flush();
            }
            return null;
        });
    }

    @Override
    public void updateTopicConfigs(Uuid topicId, Map<String, String> configs) {
        Objects.requireNonNull(topicId, "topicId");
        Map<String, String> copy = Map.copyOf(configs);
        run("update the configuration of topic " + topicId, em -> {
            existingTopic(em, topicId).replaceConfigs(copy);
            em.flush();
            return null;
        });
    }

    @Override
    public void updatePartitionCount(Uuid topicId, int partitionCount) {
        Objects.requireNonNull(topicId, "topicId");
        run("set the partition count of topic " + topicId + " to " + partitionCount, em -> {
            TopicEntity topic = existingTopic(em, topicId);
            if (partitionCount < topic.partitionCount()) {
                throw new MetadataStoreException("cannot set the partition count of topic " + topic.name()
                        + " to " + partitionCount + ": it has " + topic.partitionCount()
                        + " partitions and partition counts only grow");
            }
            topic.setPartitionCount(partitionCount);
            em.flush();
            return null;
        });
    }

    @Override
    public Optional<MetadataImage> loadImage() {
        return run("load the metadata image", ImageTables::load);
    }

    @Override
    public void saveImage(MetadataImage before, MetadataImage after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        for (int brokerId : after.fenced()) {
            if (!after.brokers().containsKey(brokerId)) {
                throw new IllegalArgumentException("metadata image version " + after.version() + " fences broker "
                        + brokerId + ", which it has not registered: the store cannot save that");
            }
        }
        run("save metadata image version " + after.version(), em -> {
            ImageTables.save(em, before, after);
            return null;
        });
    }

    @Override
    public long allocateProducerIds(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("a producer id block needs a positive size, not " + count);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return run("allocate " + count + " producer ids", em -> takeProducerIds(em, count));
            } catch (MetadataStoreException e) {
                if (attempt >= ATTEMPTS_ON_CONFLICT || !isUniqueKeyConflict(e)) {
                    throw e;
                }
            }
        }
    }

    private static long takeProducerIds(EntityManager em, int count) {
        ProducerIdBlockEntity blocks = em.find(ProducerIdBlockEntity.class, ProducerIdBlockEntity.ONLY_ROW,
                LockModeType.PESSIMISTIC_WRITE);
        if (blocks == null) {
            // First allocation of this store. A concurrent first allocation makes one of the two
            // inserts fail on the primary key; allocateProducerIds tries that one again.
            blocks = ProducerIdBlockEntity.initial();
            em.persist(blocks);
        }
        long first = blocks.take(count);
        em.flush();
        return first;
    }

    private static TopicEntity existingTopic(EntityManager em, Uuid topicId) {
        TopicEntity topic = em.find(TopicEntity.class, topicId.toString());
        if (topic == null) {
            throw new MetadataStoreException("there is no topic with id " + topicId);
        }
        return topic;
    }

    private static List<TopicEntity> topicsNamed(EntityManager em, String name) {
        return em.createQuery("select t from TopicEntity t where t.name = :name", TopicEntity.class)
                .setParameter("name", name)
                .getResultList();
    }

    /**
     * Runs one transaction and reports any failure as a {@link MetadataStoreException} saying
     * what could not be done. Containers wrap what a unit of work throws (EJBException, ...):
     * a MetadataStoreException anywhere in the chain is the real answer and is rethrown as is.
     */
    private <T> T run(String what, Function<EntityManager, T> work) {
        try {
            return transactions.inTransaction(work);
        } catch (RuntimeException e) {
            MetadataStoreException own = find(e, MetadataStoreException.class);
            if (own != null) {
                throw own;
            }
            throw new MetadataStoreException("cannot " + what + ": " + rootMessage(e), e);
        }
    }

    private static boolean isUniqueKeyConflict(Throwable failure) {
        if (find(failure, EntityExistsException.class) != null) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // SQL state class 23: integrity constraint violation (23505: unique key).
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static <E extends Throwable> E find(Throwable failure, Class<E> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getName();
    }
}
