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
 * the database serialises what must be serialised (an image save locks the version row). The image's tables are written by {@link ImageTables}.
 */
public final class JpaMetadataStore implements MetadataStore {

    /** The persistence unit in META-INF/persistence.xml. */
    public static final String PERSISTENCE_UNIT = "katka-metadata";

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
