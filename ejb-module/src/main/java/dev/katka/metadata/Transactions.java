package dev.katka.metadata;

import jakarta.persistence.EntityManager;
import java.util.function.Function;

/**
 * Runs a unit of work in a transaction of its own, with an EntityManager joined to it.
 *
 * <p>The one thing that differs between the container (JTA, container-managed) and plain Java
 * (resource-local, for tests and tools), so that {@link JpaMetadataStore} is the same code in
 * both. Implementations are thread-safe; each call is its own transaction.
 */
public interface Transactions {

    /**
     * Begins a transaction, applies {@code work}, commits.
     *
     * @return what {@code work} returned; it must not keep the EntityManager or managed entities
     * @throws RuntimeException what {@code work} or the commit threw, after rolling back
     */
    <T> T inTransaction(Function<EntityManager, T> work);
}
