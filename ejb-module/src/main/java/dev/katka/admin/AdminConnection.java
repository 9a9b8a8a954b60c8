package dev.katka.admin;

import dev.katka.broker.Broker;
import dev.katka.container.BrokerLifecycle;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * The one {@link ClusterClients} of this broker's admin services, bootstrapped from the broker
 * that {@link BrokerLifecycle} runs, and closed when the application stops.
 *
 * <p>Thread-safety: {@link ClusterClients} is thread-safe, so the bean needs no container lock
 * (bean-managed concurrency).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AdminConnection {

    @EJB
    private BrokerLifecycle lifecycle;

    private ClusterClients clients;

    @PostConstruct
    void open() {
        clients = new ClusterClients(
                () -> running().advertisedListener().hostPort(),
                "katka-admin-" + running().config().nodeId());
    }

    public ClusterClients clients() {
        return clients;
    }

    @PreDestroy
    void close() {
        clients.close();
    }

    private Broker running() {
        return lifecycle.runningBroker().orElseThrow(() -> new AdminException(AdminException.Kind.UNAVAILABLE,
                "the broker is not running"));
    }
}
