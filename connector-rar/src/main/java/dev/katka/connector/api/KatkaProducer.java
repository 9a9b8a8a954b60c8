package dev.katka.connector.api;

import java.util.concurrent.CompletionStage;

/**
 * Sends records through the connection it came from. Keys and values are converted as the
 * package documentation says.
 */
public interface KatkaProducer {

    /**
     * Sends one record and waits until the cluster acknowledged it (as the factory's {@code acks}
     * says).
     *
     * @return where the record was written
     * @throws KatkaException if the record was not written (the cause says why) or a key or
     *                        value cannot be converted
     */
    RecordMetadata send(String topic, Object key, Object value);

    /** As {@link #send(String, Object, Object)}, with headers, partition or timestamp. */
    RecordMetadata send(OutgoingRecord record);

    /**
     * Sends one record without waiting.
     *
     * <p>The stage completes on the Kafka producer's I/O thread, which sends the records of
     * every connection of the factory (or on the caller's thread, before this method returns,
     * when the record is refused at once). Dependent stages without an executor run there: keep
     * them short and never block in them; give slow work an executor ({@code thenApplyAsync}).
     *
     * @return completes with where the record was written, or exceptionally with a
     *         {@link KatkaException} whose cause says why it was not
     * @throws KatkaException if the connection is closed
     */
    CompletionStage<RecordMetadata> sendAsync(OutgoingRecord record);
}
