package dev.katka.container;

import dev.katka.metadata.JpaMetadataStore;
import dev.katka.metadata.Transactions;
import jakarta.ejb.ApplicationException;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.function.Function;

/**
 * {@link Transactions} in the container: each unit of work is a new container-managed JTA
 * transaction with the broker's persistence unit joined to it.
 *
 * <p>REQUIRES_NEW because the caller is a broker thread (or the broker's start-up) that must
 * never find its metadata write folded into someone else's transaction. A stateless session
 * bean: the container serialises each instance, so it is safe to call from any thread.
 */
@Stateless
@Local(Transactions.class)
public class JtaTransactions implements Transactions {

    @PersistenceContext(unitName = JpaMetadataStore.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Override
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public <T> T inTransaction(Function<EntityManager, T> work) {
        try {
            return work.apply(entityManager);
        } catch (RuntimeException e) {
            // An application exception: rolled back, handed to the caller as is, and not logged
            // by the container as a system failure (a refused duplicate topic is no failure).
            throw new UnitOfWorkFailed(e);
        }
    }

    /** Carries what a unit of work threw through the EJB boundary; the transaction is rolled back. */
    @ApplicationException(rollback = true)
    public static final class UnitOfWorkFailed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UnitOfWorkFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
