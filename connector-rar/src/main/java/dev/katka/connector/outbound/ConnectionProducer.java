package dev.katka.connector.outbound;

import dev.katka.connector.api.KatkaException;
import dev.katka.connector.api.KatkaProducer;
import dev.katka.connector.api.OutgoingRecord;
import dev.katka.connector.api.RecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;

/**
 * The {@link KatkaProducer} of one connection: sends through the connection factory's shared
 * Kafka producer, and refuses once the connection is closed.
 *
 * <p>How long a send can take: handing the record to Kafka waits at most the factory's
 * {@code maxBlockMs} (for the topic's metadata, or for room in the buffer), and Kafka reports
 * every record it took, written or failed, within {@code deliveryTimeoutMs}. So {@link #send}
 * never waits longer than their sum. It does wait for its record's batch to leave, as any
 * Kafka producer that waits for a send: up to {@code lingerMs} longer than the round trip.
 *
 * <p>Where {@link #sendAsync} completes: on Kafka's I/O thread, the one thread that sends the
 * records of every connection of the factory; or, when Kafka refuses the record before taking
 * it (an unknown partition, a value JSON-B cannot write, a missing topic after
 * {@code maxBlockMs}), on the caller's thread before {@code sendAsync} returns. Dependent stages
 * added without an executor run there too, so they must be quick and must never block (not on
 * another send, not on I/O, not on a lock another sender holds): while they run, no record of
 * the factory moves. Give work that takes time an executor of its own ({@code thenApplyAsync(fn,
 * executor)}).
 *
 * <p>Not thread-safe, like its connection; the records of different connections may be sent
 * from different threads at once.
 */
final class ConnectionProducer implements KatkaProducer {

    private final ConnectionHandle connection;

    ConnectionProducer(ConnectionHandle connection) {
        this.connection = connection;
    }

    @Override
    public RecordMetadata send(String topic, Object key, Object value) {
        return send(OutgoingRecord.to(topic).key(key).value(value).build());
    }

    @Override
    public RecordMetadata send(OutgoingRecord record) {
        CompletionStage<RecordMetadata> written = sendAsync(record);
        try {
            return written.toCompletableFuture().get();
        } catch (ExecutionException e) {
            // A new exception, so that its stack trace shows the caller rather than Kafka's thread.
            throw new KatkaException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KatkaException("Interrupted while waiting for Katka to acknowledge a record to topic "
                    + record.topic() + "; it may still be written", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>See the class documentation for the thread on which the stage completes.
     *
     * @throws KatkaException if the connection is closed (every other failure completes the stage)
     */
    @Override
    public CompletionStage<RecordMetadata> sendAsync(OutgoingRecord record) {
        connection.ensureOpen();
        SharedProducer shared = connection.sharedProducer();
        CompletableFuture<RecordMetadata> written = new CompletableFuture<>();
        try {
            Producer<byte[], byte[]> producer = shared.get();
            producer.send(KafkaRecords.toKafka(record), (metadata, failure) -> {
                if (failure == null) {
                    written.complete(KafkaRecords.fromKafka(metadata));
                } else {
                    written.completeExceptionally(failed(record, shared, failure));
                }
            });
        } catch (RuntimeException e) {
            written.completeExceptionally(failed(record, shared, e));
        }
        // Minimal: the application cannot complete the stage itself and pretend a record was written.
        return written.minimalCompletionStage();
    }

    private static KatkaException failed(OutgoingRecord record, SharedProducer shared, Throwable cause) {
        return new KatkaException("Sending a record to topic " + record.topic() + " (" + shared.destination() + ") failed: "
                + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        return cause instanceof KatkaException ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
