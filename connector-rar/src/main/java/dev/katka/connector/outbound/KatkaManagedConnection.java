package dev.katka.connector.outbound;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.IllegalStateException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

/**
 * What the container pools for a Katka connection factory. Its "physical connection" is the
 * factory's shared producer, which it does not own, so it is cheap to create and to destroy:
 * pooling it only spares the allocation. It hands out {@link ConnectionHandle}s and tells the
 * container when the application closes one.
 *
 * <p>Katka connections take part in no transaction (records are sent when sent), so there is
 * neither an XA resource nor a local transaction.
 *
 * <p>Thread-safe: the container and the application's threads call it concurrently.
 */
public final class KatkaManagedConnection implements ManagedConnection {

    private final KatkaManagedConnectionFactory factory;
    private final Set<ConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean destroyed;
    private volatile PrintWriter logWriter;

    KatkaManagedConnection(KatkaManagedConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo request) throws ResourceException {
        if (destroyed) {
            throw new IllegalStateException("this managed connection was destroyed");
        }
        ConnectionHandle handle = new ConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    /** The container takes this back into the pool: handles the application left open stop working. */
    @Override
    public void cleanup() {
        for (ConnectionHandle handle : handles) {
            handle.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        destroyed = true;
        cleanup();
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ConnectionHandle handle)) {
            throw new ResourceException("not a Katka connection: " + connection);
        }
        if (destroyed) {
            throw new IllegalStateException("this managed connection was destroyed");
        }
        handle.managedConnection().handles.remove(handle);
        handle.moveTo(this);
        handles.add(handle);
    }

    /** The application closed {@code handle}: tells the container, which may pool this again. */
    void handleClosed(ConnectionHandle handle) {
        handles.remove(handle);
        ConnectionEvent closed = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        closed.setConnectionHandle(handle);
        for (ConnectionEventListener listener : listeners) {
            listener.connectionClosed(closed);
        }
    }

    SharedProducer sharedProducer() {
        return factory.sharedProducer();
    }

    KatkaManagedConnectionFactory factory() {
        return factory;
    }

    boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("Katka connections take part in no transaction (NoTransaction)");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("Katka connections take part in no transaction (NoTransaction)");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ConnectionMetaData();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
