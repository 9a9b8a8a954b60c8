package dev.katka.admin;

import java.util.List;

/**
 * One partition of a topic. {@code leader} is -1 while it has none (offline); {@code sizeBytes} is
 * the size of the log on the broker that answers, null when that broker holds no replica of it.
 */
public record PartitionDetail(int partition, int leader, List<Integer> replicas, List<Integer> isr,
        long logStartOffset, long logEndOffset, Long sizeBytes) {
}
