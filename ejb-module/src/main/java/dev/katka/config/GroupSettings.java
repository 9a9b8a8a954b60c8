package dev.katka.config;

/**
 * The consumer-group coordinator's settings, under Kafka's names: where groups live
 * ({@code offsets.topic.*}) and the limits the coordinator enforces ({@code group.*}).
 *
 * <p>Immutable.
 *
 * @param offsetsTopicPartitions        {@code offsets.topic.num.partitions}
 * @param offsetsTopicReplicationFactor {@code offsets.topic.replication.factor}, capped by the live brokers
 * @param offsetsTopicSegmentBytes      {@code offsets.topic.segment.bytes}
 * @param commitTimeoutMs               {@code offsets.commit.timeout.ms}
 * @param offsetMetadataMaxBytes        {@code offset.metadata.max.bytes}
 * @param initialRebalanceDelayMs       {@code group.initial.rebalance.delay.ms}
 * @param minSessionTimeoutMs           {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs           {@code group.max.session.timeout.ms}
 * @param maxSize                       {@code group.max.size}
 * @param offsetsRetentionMs            {@code offsets.retention.minutes}, in milliseconds
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}
 */
public record GroupSettings(int offsetsTopicPartitions, short offsetsTopicReplicationFactor,
                            int offsetsTopicSegmentBytes, int commitTimeoutMs, int offsetMetadataMaxBytes,
                            int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                            int maxSize, long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs) {
}
