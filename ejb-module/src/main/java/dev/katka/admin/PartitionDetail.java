package dev.katka.admin;

import java.util.List;

/**
 * One partition of a topic. {@code leader} is -1 while it has none (offline); {@code sizeBytes} is
 * the size of the leader's replica on disk (of the largest replica while the leader cannot say),
 * null when no broker holding a replica answered.
 */
public record PartitionDetail(int partition, int leader, List<Integer> replicas, List<Integer> isr,
        long logStartOffset, long logEndOffset, Long sizeBytes) {
}
