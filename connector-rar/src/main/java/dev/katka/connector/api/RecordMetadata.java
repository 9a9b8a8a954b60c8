package dev.katka.connector.api;

/**
 * Where a record was written.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    the record's offset in that partition
 * @param timestamp the record's timestamp (milliseconds since the epoch)
 */
public record RecordMetadata(String topic, int partition, long offset, long timestamp) {
}
