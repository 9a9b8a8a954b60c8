package dev.katka.admin;

import java.util.List;

/** A broker and every partition it holds a replica of. */
public record BrokerDetail(int id, String host, Integer port, boolean controller, boolean alive,
        int leaderPartitions, List<BrokerPartition> partitions) {
}
