package dev.katka.admin;

/**
 * The cluster at a glance. {@code controllerId} is -1 while no controller is known;
 * {@code topics} and {@code partitions} count internal topics too.
 */
public record ClusterOverview(String clusterId, int controllerId, int brokers, int topics, int partitions,
        int underReplicatedPartitions, int offlinePartitions) {
}
