package dev.katka.broker;

import dev.katka.config.BrokerConfig;
import dev.katka.metadata.MetadataStore;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.common.utils.Time;

/**
 * One Katka broker: the composition root of the core, in plain Java.
 *
 * <p>The container (or a test) hands it configuration, the durable metadata store, a thread
 * factory and a clock; the broker owns everything else: the data directory, the partition
 * logs, the Kafka protocol listener and the background maintenance.
 *
 * <p>{@link #start()} and {@link #stop()} are called by one thread (the owner of the life cycle);
 * the accessors are thread-safe.
 */
public final class Broker {

    private final BrokerConfig config;
    private final MetadataStore metadataStore;
    private final ThreadFactory threadFactory;
    private final Time time;

    public Broker(BrokerConfig config, MetadataStore metadataStore, ThreadFactory threadFactory, Time time) {
        this.config = Objects.requireNonNull(config, "config");
        this.metadataStore = Objects.requireNonNull(metadataStore, "metadataStore");
        this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
        this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * Takes the data directory, recovers the logs and starts serving the Kafka protocol.
     * Returns once the listener is bound.
     *
     * @throws BrokerStartupException when the broker cannot start (the data directory is in
     *                                use or belongs to another broker, the port is taken, ...);
     *                                anything already started is stopped again
     */
    public void start() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Stops gracefully: stops accepting connections, answers requests under way, flushes and
     * closes every log, releases the data directory. Idempotent.
     */
    public void stop() {
    }

    /** The address the listener is bound to (its port is the real one when 0 was configured). */
    public InetSocketAddress boundAddress() {
        throw new IllegalStateException("not started");
    }

    public BrokerConfig config() {
        return config;
    }
}
