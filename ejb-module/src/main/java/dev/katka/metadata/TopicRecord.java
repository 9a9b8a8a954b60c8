package dev.katka.metadata;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.Uuid;

/**
 * A topic as the metadata image records it.
 *
 * @param id                the topic id, fixed at creation (Kafka's topic ids: a deleted and
 *                          re-created topic of the same name is another topic)
 * @param name              the topic name
 * @param partitionCount    how many partitions it has; only ever grows
 * @param replicationFactor how many replicas each partition has
 * @param configs           configuration overrides, by Kafka topic config name; the rest are defaults
 */
public record TopicRecord(Uuid id, String name, int partitionCount, short replicationFactor,
                          Map<String, String> configs) {

    public TopicRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        configs = Map.copyOf(configs);
    }

    /** The topic as a metadata image holds it. */
    public static TopicRecord of(TopicImage topic) {
        return new TopicRecord(topic.id(), topic.name(), topic.partitions().size(), topic.replicationFactor(),
                topic.configs());
    }

    public TopicRecord withConfigs(Map<String, String> newConfigs) {
        return new TopicRecord(id, name, partitionCount, replicationFactor, newConfigs);
    }

    public TopicRecord withPartitionCount(int newCount) {
        return new TopicRecord(id, name, newCount, replicationFactor, configs);
    }
}
