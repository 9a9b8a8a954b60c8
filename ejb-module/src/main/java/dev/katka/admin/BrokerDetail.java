package dev.katka.admin;

import java.util.List;

/**
 * A broker and every partition it holds a replica of; {@code disk} is null when the broker did not
 * describe its log directory.
 */
public record BrokerDetail(int id, String host, Integer port, boolean controller, boolean alive,
        int leaderPartitions, DiskUsage disk, List<BrokerPartition> partitions) {
}
