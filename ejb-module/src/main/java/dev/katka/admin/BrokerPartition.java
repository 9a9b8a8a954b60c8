package dev.katka.admin;

import java.util.List;

/**
 * A partition a broker holds a replica of; {@code leader} is -1 while the partition has none;
 * {@code sizeBytes} is the size of that broker's replica, null when the broker did not say.
 */
public record BrokerPartition(String topic, int partition, int leader, List<Integer> replicas, List<Integer> isr,
        Long sizeBytes) {
}
