package dev.katka.admin;

/**
 * One broker of the cluster. A broker that holds replicas but is not in the cluster now is listed
 * with {@code alive} false and without an address; {@code disk} is null when the broker did not
 * describe its log directory.
 */
public record BrokerSummary(int id, String host, Integer port, boolean controller, boolean alive,
        int leaderPartitions, DiskUsage disk) {
}
