package dev.katka.admin;

import java.util.List;

/** A partition a broker holds a replica of; {@code leader} is -1 while the partition has none. */
public record BrokerPartition(String topic, int partition, int leader, List<Integer> replicas, List<Integer> isr) {
}
