package dev.katka.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where a new topic's replicas go: spread evenly over the live brokers, each partition's first
 * replica (its preferred leader) on a different broker in turn, and the followers shifted so
 * that no two brokers always follow each other.
 *
 * <p>The random start and shift come from the generator handed in, so a seeded simulation
 * places replicas the same way every time. Stateless and thread-safe.
 */
final class ReplicaPlacement {

    private ReplicaPlacement() {
    }

    /**
     * @param brokers live broker ids, in a stable order; at least {@code replicationFactor} of them
     * @param first   the index of the first new partition (partitions added to an existing topic
     *                continue the rotation)
     */
    static List<List<Integer>> place(List<Integer> brokers, int partitions, int replicationFactor, int first,
                                     RandomGenerator random) {
        int n = brokers.size();
        int start = random.nextInt(n);
        int shift = n == 1 ? 0 : random.nextInt(n - 1);
        List<List<Integer>> placement = new ArrayList<>(partitions);
        for (int p = first; p < first + partitions; p++) {
            int leaderIndex = (start + p) % n;
            if (p > 0 && p % n == 0) {
                shift++;
            }
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(brokers.get(leaderIndex));
            for (int r = 0; r < replicationFactor - 1; r++) {
                replicas.add(brokers.get(followerIndex(leaderIndex, shift, r, n)));
            }
            placement.add(replicas);
        }
        return placement;
    }

    /** The r-th follower of a leader: a step of 1 + (shift + r) mod (n - 1), never the leader itself. */
    private static int followerIndex(int leaderIndex, int shift, int r, int n) {
        int step = 1 + (shift + r) % (n - 1);
        return (leaderIndex + step) % n;
    }
}
