package dev.katka.connector.inbound;

import dev.katka.connector.api.Header;
import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.payload.Payloads;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record as the bean sees it: a consumer record of bytes, read through the same conversions
 * the outbound side writes with ({@link Payloads}).
 *
 * <p>Immutable and thread-safe: the arrays it hands out are copies, so a bean that writes into
 * them cannot change what a retry or the dead-letter topic gets.
 */
final class ReceivedRecord implements IncomingRecord {

    private final ConsumerRecord<byte[], byte[]> record;
    private final List<Header> headers;

    ReceivedRecord(ConsumerRecord<byte[], byte[]> record) {
        this.record = record;
        this.headers = StreamSupport.stream(record.headers().spliterator(), false)
                .map(header -> new Header(header.key(), header.value()))
                .toList();
    }

    /** The record as consumed, for the dead-letter topic. */
    ConsumerRecord<byte[], byte[]> consumed() {
        return record;
    }

    @Override
    public String topic() {
        return record.topic();
    }

    @Override
    public int partition() {
        return record.partition();
    }

    @Override
    public long offset() {
        return record.offset();
    }

    @Override
    public long timestamp() {
        return record.timestamp();
    }

    @Override
    public byte[] key() {
        return copy(record.key());
    }

    @Override
    public byte[] value() {
        return copy(record.value());
    }

    @Override
    public String keyAsString() {
        return Payloads.toText(record.key());
    }

    @Override
    public String valueAsString() {
        return Payloads.toText(record.value());
    }

    @Override
    public <T> T valueAs(Class<T> type) {
        return Payloads.fromJson(record.value(), type);
    }

    @Override
    public List<Header> headers() {
        return headers.stream().map(header -> new Header(header.name(), copy(header.value()))).toList();
    }

    @Override
    public byte[] header(String name) {
        org.apache.kafka.common.header.Header last = record.headers().lastHeader(name);
        return last == null ? null : copy(last.value());
    }

    @Override
    public String toString() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static byte[] copy(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }
}
