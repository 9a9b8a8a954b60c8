package dev.katka.container;

import dev.katka.broker.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The broker this application runs, from when it has started until it begins to stop; what the
 * health checks and the metrics read.
 *
 * <p>A plain CDI bean rather than a method of {@link BrokerLifecycle}: a call into that singleton
 * would wait while it is still starting the broker, and a health probe must answer at once.
 *
 * <p>Thread-safe: one volatile reference, set and cleared by {@link BrokerLifecycle}.
 */
@ApplicationScoped
public class RunningBroker {

    private volatile Broker broker;

    void set(Broker started) {
        broker = started;
    }

    void clear() {
        broker = null;
    }

    public Optional<Broker> get() {
        return Optional.ofNullable(broker);
    }
}
