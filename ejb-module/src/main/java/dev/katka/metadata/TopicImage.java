package dev.katka.metadata;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A topic in the cluster's metadata image.
 *
 * @param configs    the topic's configuration overrides, by Kafka topic config name
 * @param partitions the partitions, indexed by partition number
 */
public record TopicImage(Uuid id, String name, Map<String, String> configs, List<PartitionState> partitions) {

    public TopicImage {
        configs = Map.copyOf(configs);
        partitions = List.copyOf(partitions);
    }

    public PartitionState partition(int index) {
        return partitions.get(index);
    }

    public TopicImage withPartition(int index, PartitionState state) {
        java.util.ArrayList<PartitionState> changed = new java.util.ArrayList<>(partitions);
        changed.set(index, state);
        return new TopicImage(id, name, configs, changed);
    }

    public TopicImage withPartitionsAdded(List<PartitionState> added) {
        java.util.ArrayList<PartitionState> changed = new java.util.ArrayList<>(partitions);
        changed.addAll(added);
        return new TopicImage(id, name, configs, changed);
    }

    public TopicImage withConfigs(Map<String, String> newConfigs) {
        return new TopicImage(id, name, newConfigs, partitions);
    }

    public short replicationFactor() {
        return (short) partitions.get(0).replicas().size();
    }
}
