package dev.katka.connector.outbound;

import dev.katka.connector.api.KatkaConnection;
import dev.katka.connector.api.KatkaConnectionFactory;
import dev.katka.connector.api.KatkaException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import javax.naming.Reference;

/**
 * The {@link KatkaConnectionFactory} an application gets injected: opens connections through the
 * container's connection manager (its pool), or through an {@link UnpooledConnectionManager}
 * outside a container.
 *
 * <p>Thread-safe (the container's connection manager is; the reference is set once, at binding).
 */
public final class OutboundConnectionFactory implements KatkaConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final KatkaManagedConnectionFactory factory;
    private final ConnectionManager connections;
    private volatile Reference reference;

    OutboundConnectionFactory(KatkaManagedConnectionFactory factory, ConnectionManager connections) {
        this.factory = factory;
        this.connections = connections;
    }

    @Override
    public KatkaConnection createConnection() {
        try {
            return (KatkaConnection) connections.allocateConnection(factory, ConnectionRequest.ANY);
        } catch (ResourceException e) {
            throw new KatkaException("Cannot open a Katka connection: " + reasons(e), e);
        }
    }

    /**
     * The message of {@code failure} and every new one among its causes: a container's
     * connection manager wraps what went wrong in exceptions of its own, and the reason the
     * application needs is the adapter's, further down.
     */
    private static String reasons(Throwable failure) {
        StringBuilder reasons = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && reasons.indexOf(cause.getMessage()) < 0) {
                reasons.append(": ").append(cause.getMessage());
            }
        }
        return reasons.toString();
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
