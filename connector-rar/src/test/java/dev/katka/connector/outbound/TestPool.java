package dev.katka.connector.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A container's connection pool in miniature, for the seam the container owns: reuses a free
 * managed connection the factory matches, else creates one; takes it back (cleanup) when the
 * application closes its handle. Records what it was asked for and told. Not thread-safe.
 */
final class TestPool implements ConnectionManager, ConnectionEventListener {

    private static final long serialVersionUID = 1L;

    final Set<ManagedConnection> free = new HashSet<>();
    final List<ConnectionRequestInfo> requests = new ArrayList<>();
    final List<ConnectionEvent> closedEvents = new ArrayList<>();
    int created;

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo request) throws ResourceException {
        requests.add(request);
        ManagedConnection connection = factory.matchManagedConnections(new HashSet<>(free), null, request);
        if (connection == null) {
            connection = factory.createManagedConnection(null, request);
            connection.addConnectionEventListener(this);
            created++;
        }
        free.remove(connection);
        return connection.getConnection(null, request);
    }

    @Override
    public void connectionClosed(ConnectionEvent event) {
        closedEvents.add(event);
        ManagedConnection connection = (ManagedConnection) event.getSource();
        try {
            connection.cleanup();
        } catch (ResourceException e) {
            throw new AssertionError(e);
        }
        free.add(connection);
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
        throw new AssertionError("no connection error expected: " + event.getException());
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {
        throw new AssertionError("Katka connections take part in no transaction");
    }

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {
        throw new AssertionError("Katka connections take part in no transaction");
    }

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {
        throw new AssertionError("Katka connections take part in no transaction");
    }
}
