package dev.katka.connector.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A record to send: topic, key, value, and optionally headers, partition and timestamp.
 * Immutable; built with {@link #to(String)}:
 *
 * <pre>{@code
 * OutgoingRecord.to("chat").key(room).value(message).header("author", name).build()
 * }</pre>
 *
 * @param topic     the topic
 * @param key       the key (converted as the package documentation says), or null
 * @param value     the value (converted likewise), or null
 * @param headers   the headers, in order
 * @param partition the partition, or null to let the producer's partitioner choose by key
 * @param timestamp the timestamp in milliseconds since the epoch, or null for the send time
 */
public record OutgoingRecord(String topic, Object key, Object value, List<Header> headers,
                             Integer partition, Long timestamp) {

    public OutgoingRecord {
        Objects.requireNonNull(topic, "topic");
        headers = List.copyOf(headers);
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be 0 or more, not " + partition);
        }
    }

    /** Starts a record for {@code topic}. */
    public static Builder to(String topic) {
        return new Builder(topic);
    }

    /** Builds an {@link OutgoingRecord}. Not thread-safe. */
    public static final class Builder {
        private final String topic;
        private Object key;
        private Object value;
        private final List<Header> headers = new ArrayList<>();
        private Integer partition;
        private Long timestamp;

        private Builder(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        public Builder key(Object key) {
            this.key = key;
            return this;
        }

        public Builder value(Object value) {
            this.value = value;
            return this;
        }

        public Builder header(String name, byte[] value) {
            headers.add(new Header(Objects.requireNonNull(name, "header name"), value));
            return this;
        }

        /** A header whose value is {@code value} in UTF-8. */
        public Builder header(String name, String value) {
            return header(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        public Builder partition(int partition) {
            this.partition = partition;
            return this;
        }

        public Builder timestamp(long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        public OutgoingRecord build() {
            return new OutgoingRecord(topic, key, value, headers, partition, timestamp);
        }
    }
}
