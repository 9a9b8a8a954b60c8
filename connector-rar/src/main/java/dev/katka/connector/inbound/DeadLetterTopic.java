package dev.katka.connector.inbound;

import dev.katka.connector.api.DeadLetterHeaders;
import dev.katka.connector.api.KatkaException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Where an activation puts the records its bean failed on after the last retry: the record as it
 * was (key, value, headers) plus the {@link DeadLetterHeaders} that say why and where from.
 *
 * <p>Thread-safe: every delivery worker of the activation writes through the one producer.
 */
final class DeadLetterTopic implements AutoCloseable {

    private final String topic;
    private final Producer<byte[], byte[]> producer;

    DeadLetterTopic(String topic, Producer<byte[], byte[]> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /**
     * Writes {@code record} and waits until the brokers acknowledged it: only then may its offset
     * be committed.
     *
     * @param failure  what the last delivery failed with
     * @param attempts how many times it was delivered
     * @throws KatkaException when the write failed
     */
    void publish(ReceivedRecord record, Throwable failure, int attempts) {
        ConsumerRecord<byte[], byte[]> consumed = record.consumed();
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topic, null, consumed.key(), consumed.value(),
                consumed.headers());
        Headers headers = dead.headers();
        add(headers, DeadLetterHeaders.EXCEPTION_CLASS, failure.getClass().getName());
        add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, Objects.toString(failure.getMessage(), ""));
        add(headers, DeadLetterHeaders.ORIGINAL_TOPIC, consumed.topic());
        add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, String.valueOf(consumed.partition()));
        add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, String.valueOf(consumed.offset()));
        add(headers, DeadLetterHeaders.DELIVERY_ATTEMPTS, String.valueOf(attempts));
        try {
            producer.send(dead).get();
        } catch (ExecutionException e) {
            throw new KatkaException("writing " + record + " to the dead-letter topic " + topic + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KatkaException("interrupted while writing " + record + " to the dead-letter topic " + topic, e);
        } catch (RuntimeException e) {
            throw new KatkaException("writing " + record + " to the dead-letter topic " + topic + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
