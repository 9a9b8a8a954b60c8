package dev.katka.connector.outbound;

import dev.katka.connector.KatkaResourceAdapter;
import dev.katka.connector.AdapterClassLoader;
import dev.katka.connector.api.KatkaException;
import dev.katka.connector.config.Placeholders;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;

/**
 * The one Kafka producer that every connection of a connection factory sends through. Kafka's
 * producer is thread-safe and batches the records of all its callers, so sharing one is both
 * cheaper and faster than one per connection; and because no connection owns it, closing a
 * connection never cuts off a record that is still lingering in a batch.
 *
 * <p>Created at first use, closed when the resource adapter stops (it registers itself with
 * {@link KatkaResourceAdapter#closeOnStop}); closing waits up to {@link #CLOSE_TIMEOUT} for the
 * records in flight. Once closed it stays closed: the next adapter start brings new factories.
 *
 * <p>Thread-safe.
 */
final class SharedProducer implements AutoCloseable {

    /** How long stopping the adapter waits for records still in flight. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(SharedProducer.class.getName());

    private final ProducerSettings settings;
    private final Placeholders placeholders;
    private final KatkaResourceAdapter adapter;
    private volatile Producer<byte[], byte[]> producer;
    private volatile boolean closed;
    private volatile String bootstrapServers;

    /**
     * @param adapter the adapter whose stop closes this producer, or null when nothing will stop
     *                (then the producer lives as long as the process)
     */
    SharedProducer(ProducerSettings settings, Placeholders placeholders, KatkaResourceAdapter adapter) {
        this.settings = settings;
        this.placeholders = placeholders;
        this.adapter = adapter;
    }

    /**
     * The producer, created now if this is the first call.
     *
     * @throws KatkaException naming the setting when the configuration is invalid, or when the
     *                        adapter stopped and closed the producer
     */
    Producer<byte[], byte[]> get() {
        Producer<byte[], byte[]> created = producer;
        if (created != null && !closed) {
            return created;
        }
        synchronized (this) {
            if (closed) {
                throw new KatkaException("the resource adapter has stopped and closed the producer of this connection factory ("
                        + settings + ")");
            }
            if (producer == null) {
                producer = AdapterClassLoader.call(this::create);
                if (adapter != null) {
                    adapter.closeOnStop(this);
                }
                LOG.info(() -> "Katka connection factory producer started (" + settings + ")");
            }
            return producer;
        }
    }

    private Producer<byte[], byte[]> create() {
        Map<String, Object> config;
        try {
            config = settings.toKafka(placeholders);
        } catch (IllegalArgumentException e) {
            throw new KatkaException(e.getMessage(), e);
        }
        bootstrapServers = String.valueOf(config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        try {
            return new KafkaProducer<>(config);
        } catch (KafkaException e) {
            // Kafka checks the settings together here (acks=0 with idempotence, bootstrap
            // addresses that do not resolve) and wraps the reason in "Failed to construct".
            throw new KatkaException("the connection factory's producer cannot be created (" + settings + "): "
                    + rootCause(e).getMessage(), e);
        }
    }

    /** Closes the producer, waiting up to {@link #CLOSE_TIMEOUT} for the records in flight. */
    @Override
    public void close() {
        Producer<byte[], byte[]> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = producer;
        }
        if (open != null) {
            open.close(CLOSE_TIMEOUT);
            LOG.info(() -> "Katka connection factory producer closed (" + settings + ")");
        }
        if (adapter != null) {
            adapter.forget(this);
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Where the producer connects, placeholders expanded (as written until it exists); for error
     * messages, since a send that fails for want of a broker is first a question of where it went.
     */
    String destination() {
        String expanded = bootstrapServers;
        return expanded == null ? settings.toString() : "bootstrap servers " + expanded;
    }

    @Override
    public String toString() {
        return "shared Katka producer (" + settings + ")";
    }
}
