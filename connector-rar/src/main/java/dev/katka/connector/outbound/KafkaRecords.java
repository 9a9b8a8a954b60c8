package dev.katka.connector.outbound;

import dev.katka.connector.api.Header;
import dev.katka.connector.api.KatkaException;
import dev.katka.connector.api.OutgoingRecord;
import dev.katka.connector.api.RecordMetadata;
import dev.katka.connector.payload.Payloads;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Translates between the adapter's records and Kafka's: what an application sends into what
 * the producer takes, and what the producer reports back into what the application sees.
 *
 * <p>Stateless and thread-safe.
 */
final class KafkaRecords {

    private KafkaRecords() {
    }

    /**
     * {@code record} with its key and value converted to bytes as {@link Payloads} does.
     *
     * @throws KatkaException when the key or value cannot be converted
     */
    static ProducerRecord<byte[], byte[]> toKafka(OutgoingRecord record) {
        List<org.apache.kafka.common.header.Header> headers = record.headers().stream()
                .map(KafkaRecords::toKafka)
                .toList();
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
                Payloads.toBytes(record.key(), "key"), Payloads.toBytes(record.value(), "value"), headers);
    }

    private static org.apache.kafka.common.header.Header toKafka(Header header) {
        return new RecordHeader(header.name(), header.value());
    }

    /**
     * Where Kafka wrote a record. The offset is -1 when the factory sends with {@code acks=0}:
     * then nobody waits to learn it.
     */
    static RecordMetadata fromKafka(org.apache.kafka.clients.producer.RecordMetadata written) {
        return new RecordMetadata(written.topic(), written.partition(), written.offset(), written.timestamp());
    }
}
