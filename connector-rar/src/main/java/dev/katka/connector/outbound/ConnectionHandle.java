package dev.katka.connector.outbound;

import dev.katka.connector.api.KatkaConnection;
import dev.katka.connector.api.KatkaException;
import dev.katka.connector.api.KatkaProducer;

/**
 * The {@link KatkaConnection} an application holds: a handle on a managed connection of the
 * pool. Closing it gives the managed connection back to the container; the records it sent
 * keep going, since they travel in the factory's shared producer.
 *
 * <p>Not thread-safe for the application (one connection, one thread at a time), but its state
 * is volatile: the container closes or moves handles from threads of its own.
 */
public final class ConnectionHandle implements KatkaConnection {

    private volatile KatkaManagedConnection managedConnection;
    private volatile boolean closed;

    ConnectionHandle(KatkaManagedConnection managedConnection) {
        this.managedConnection = managedConnection;
    }

    @Override
    public KatkaProducer createProducer() {
        ensureOpen();
        return new ConnectionProducer(this);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        managedConnection.handleClosed(this);
    }

    /** @throws KatkaException if the application closed this connection or the container took it back */
    void ensureOpen() {
        if (closed) {
            throw new KatkaException("This Katka connection is closed; open another with KatkaConnectionFactory.createConnection()");
        }
    }

    SharedProducer sharedProducer() {
        return managedConnection.sharedProducer();
    }

    KatkaManagedConnection managedConnection() {
        return managedConnection;
    }

    /** The container took the managed connection back (cleanup, destroy) while this was open. */
    void invalidate() {
        closed = true;
    }

    /** The container moved this handle to another managed connection (associateConnection). */
    void moveTo(KatkaManagedConnection other) {
        managedConnection = other;
    }
}
