package dev.katka.metadata;

import java.util.List;

/**
 * One partition as the cluster's metadata records it: where its replicas are and who leads.
 *
 * <p>{@code leaderEpoch} grows with every change of leader; {@code partitionEpoch} with every
 * change of anything (a leader's ISR change request must name the current one, so a stale request
 * cannot undo a newer decision).
 *
 * @param replicas         the brokers holding a replica; the first is the preferred leader
 * @param isr              the in-sync replicas, a subset of {@code replicas}
 * @param leader           the leading broker, or {@link #NO_LEADER} when the partition is offline
 * @param addingReplicas   replicas being added by a reassignment (also in {@code replicas})
 * @param removingReplicas replicas being removed by a reassignment (still in {@code replicas})
 */
public record PartitionState(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
                             int partitionEpoch, List<Integer> addingReplicas, List<Integer> removingReplicas) {

    public static final int NO_LEADER = -1;

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    /** A new partition: the first replica leads, all are in sync, epochs start at 0. */
    public static PartitionState initial(List<Integer> replicas) {
        return new PartitionState(replicas, replicas, replicas.get(0), 0, 0, List.of(), List.of());
    }

    public boolean hasLeader() {
        return leader != NO_LEADER;
    }

    public int preferredLeader() {
        return replicas.get(0);
    }

    /** A new leader (or none) with the given ISR: leader epoch and partition epoch move on. */
    public PartitionState withLeader(int newLeader, List<Integer> newIsr) {
        return new PartitionState(replicas, newIsr, newLeader, leaderEpoch + 1, partitionEpoch + 1,
                addingReplicas, removingReplicas);
    }

    /** The same leader with another ISR: only the partition epoch moves on. */
    public PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(replicas, newIsr, leader, leaderEpoch, partitionEpoch + 1,
                addingReplicas, removingReplicas);
    }

    /** Other replicas (a reassignment step); the partition epoch moves on. */
    public PartitionState withReplicas(List<Integer> newReplicas, List<Integer> newIsr, List<Integer> adding,
                                       List<Integer> removing) {
        return new PartitionState(newReplicas, newIsr, leader, leaderEpoch, partitionEpoch + 1, adding, removing);
    }
}
