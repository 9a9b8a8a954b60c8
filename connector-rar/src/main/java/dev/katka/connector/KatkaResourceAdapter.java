package dev.katka.connector;

import dev.katka.connector.inbound.EndpointActivations;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;

/**
 * The resource adapter's life cycle in the container: what it starts (consumers of
 * message-driven beans) and what it must close when it stops (the shared producers of the
 * connection factories, those consumers).
 *
 * <p>Thread-safe: the container calls it from its own threads.
 */
@Connector(
        displayName = "Katka resource adapter",
        vendorName = "Katka",
        eisType = "Katka",
        version = "0.1",
        description = "Publish to Katka (or any Kafka cluster) through an injected connection factory; consume with message-driven beans.",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class KatkaResourceAdapter implements ResourceAdapter, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(KatkaResourceAdapter.class.getName());

    private transient volatile BootstrapContext context;
    private final transient Set<AutoCloseable> closeOnStop = ConcurrentHashMap.newKeySet();
    private final transient EndpointActivations endpoints = new EndpointActivations();

    @Override
    public void start(BootstrapContext context) {
        this.context = context;
        LOG.info("Katka resource adapter started");
    }

    @Override
    public void stop() {
        List<AutoCloseable> open = new ArrayList<>(closeOnStop);
        closeOnStop.clear();
        for (AutoCloseable resource : open) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Closing " + resource + " at resource adapter stop failed", e);
            }
        }
        context = null;
        LOG.info("Katka resource adapter stopped");
    }

    /** The container's services (work manager, timers) while the adapter runs, else null. */
    public BootstrapContext context() {
        return context;
    }

    /** Has {@code resource} closed when the adapter stops, unless {@link #forget} came first. */
    public void closeOnStop(AutoCloseable resource) {
        closeOnStop.add(resource);
    }

    /** The caller closed {@code resource} itself. */
    public void forget(AutoCloseable resource) {
        closeOnStop.remove(resource);
    }

    /** Starts delivering records to a message-driven bean, on threads of the work manager. */
    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        BootstrapContext running = context;
        if (running == null) {
            throw new ResourceException("the Katka resource adapter is not started");
        }
        closeOnStop(endpoints.activate(factory, spec, running.getWorkManager()));
    }

    /** Stops delivering to the bean; returns once its consumer committed and left its group. */
    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        AutoCloseable stopped = endpoints.deactivate(factory, spec);
        if (stopped != null) {
            forget(stopped);
        }
    }

    /**
     * None: the only XA resource of the adapter witnesses the outcome of a delivery's transaction
     * and holds no data, so after a crash there is nothing to recover (the record's offset was not
     * committed, and it is delivered again).
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // The specification asks a resource adapter to keep the identity semantics of Object; the
    // container keeps one instance per deployment.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
