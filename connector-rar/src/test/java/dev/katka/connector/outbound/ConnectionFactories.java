package dev.katka.connector.outbound;

import dev.katka.connector.KatkaResourceAdapter;
import dev.katka.connector.api.KatkaConnectionFactory;
import jakarta.resource.ResourceException;
import java.util.function.Consumer;

/**
 * Connection factories as a test deploys them outside a container: each belongs to a started
 * resource adapter, which {@link #close} stops (closing their shared producers).
 */
final class ConnectionFactories implements AutoCloseable {

    private final KatkaResourceAdapter adapter = new KatkaResourceAdapter();
    private final String bootstrapServers;

    ConnectionFactories(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        adapter.start(null);
    }

    /** A managed connection factory of the adapter, for the broker, then set up by {@code settings}. */
    KatkaManagedConnectionFactory managed(Consumer<KatkaManagedConnectionFactory> settings) {
        KatkaManagedConnectionFactory factory = new KatkaManagedConnectionFactory();
        factory.setBootstrapServers(bootstrapServers);
        try {
            factory.setResourceAdapter(adapter);
        } catch (ResourceException e) {
            throw new AssertionError(e);
        }
        settings.accept(factory);
        return factory;
    }

    /** The connection factory an application would use, without a container. */
    KatkaConnectionFactory create(Consumer<KatkaManagedConnectionFactory> settings) {
        return (KatkaConnectionFactory) managed(settings).createConnectionFactory();
    }

    KatkaConnectionFactory create() {
        return create(factory -> { });
    }

    KatkaResourceAdapter adapter() {
        return adapter;
    }

    @Override
    public void close() {
        adapter.stop();
    }
}
