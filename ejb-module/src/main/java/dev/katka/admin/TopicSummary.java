package dev.katka.admin;

/** A line of the topic list. */
public record TopicSummary(String name, int partitions, int replicationFactor, boolean internal,
        int underReplicatedPartitions) {
}
