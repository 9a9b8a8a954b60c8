package dev.katka.connector.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connection manager of a connection factory used without a container (Java SE, tests):
 * a new managed connection for each connection, destroyed when the application closes it.
 * The name is the specification's ({@link ConnectionManager}); "unpooled" because nothing is
 * pooled, and nothing needs to be: a Katka managed connection is a small object, the shared
 * producer is what is expensive, and that lives in the managed connection factory.
 *
 * <p>Stateless and thread-safe.
 */
final class UnpooledConnectionManager implements ConnectionManager {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(UnpooledConnectionManager.class.getName());

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo request) throws ResourceException {
        ManagedConnection connection = factory.createManagedConnection(null, request);
        connection.addConnectionEventListener(new DestroyWhenClosed(connection));
        return connection.getConnection(null, request);
    }

    /** Destroys a managed connection once the application closed its handle. */
    private record DestroyWhenClosed(ManagedConnection connection) implements ConnectionEventListener {

        @Override
        public void connectionClosed(ConnectionEvent event) {
            try {
                connection.destroy();
            } catch (ResourceException e) {
                LOG.log(Level.WARNING, "Destroying a closed Katka connection failed", e);
            }
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            // Katka connections take part in no transaction.
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            // as above
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            // as above
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            connectionClosed(event);
        }
    }
}
