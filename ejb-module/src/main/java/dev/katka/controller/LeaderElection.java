package dev.katka.controller;

import dev.katka.metadata.PartitionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Who leads a partition when its leader is gone or comes back, Kafka's rules.
 *
 * <p>Clean election: the first replica (in replica order, so the preferred leader first) that is
 * alive and in the ISR. Only when {@code unclean.leader.election.enable} is set may a live replica
 * outside the ISR lead, accepting that records it lacks are lost. Without a candidate the
 * partition goes offline and keeps its last ISR, so that the last in-sync replica, when it comes
 * back, can lead again without losing anything.
 *
 * <p>Stateless functions.
 */
final class LeaderElection {

    private LeaderElection() {
    }

    /** The state after broker {@code gone} failed, or empty if it held no part in the partition's ISR. */
    static Optional<PartitionState> afterFailure(PartitionState state, int gone, IntPredicate alive, boolean unclean) {
        if (state.leader() == gone) {
            List<Integer> remaining = without(state.isr(), gone);
            Optional<Integer> clean = firstIn(state.replicas(), r -> remaining.contains(r) && alive.test(r));
            if (clean.isPresent()) {
                return Optional.of(state.withLeader(clean.get(), remaining));
            }
            Optional<Integer> dirty = unclean ? firstIn(state.replicas(), r -> r != gone && alive.test(r)) : Optional.empty();
            if (dirty.isPresent()) {
                return Optional.of(state.withLeader(dirty.get(), List.of(dirty.get())));
            }
            // Offline: the ISR keeps its last member, which alone may lead cleanly again.
            return Optional.of(state.withLeader(PartitionState.NO_LEADER,
                    remaining.isEmpty() ? List.of(gone) : remaining));
        }
        if (state.isr().contains(gone) && state.isr().size() > 1) {
            return Optional.of(state.withIsr(without(state.isr(), gone)));
        }
        return Optional.empty();
    }

    /** The state after broker {@code back} (re)started, or empty if nothing changes. */
    static Optional<PartitionState> afterStart(PartitionState state, int back, IntPredicate alive, boolean unclean) {
        if (state.hasLeader() || !state.replicas().contains(back)) {
            return Optional.empty();
        }
        Optional<Integer> clean = firstIn(state.replicas(), r -> state.isr().contains(r) && alive.test(r));
        if (clean.isPresent()) {
            return Optional.of(state.withLeader(clean.get(), state.isr()));
        }
        if (unclean) {
            return Optional.of(state.withLeader(back, List.of(back)));
        }
        return Optional.empty();
    }

    /** The state with its preferred replica leading, if that replica is alive, in sync and not leading. */
    static Optional<PartitionState> preferred(PartitionState state, IntPredicate alive) {
        int preferred = state.preferredLeader();
        if (state.leader() != preferred && state.isr().contains(preferred) && alive.test(preferred)) {
            return Optional.of(state.withLeader(preferred, state.isr()));
        }
        return Optional.empty();
    }

    /**
     * A leader for a partition that has none (an unclean election asked for): the first live ISR
     * member if there is one, else the first live replica, which becomes the whole ISR and may lack
     * records that were acknowledged. Empty when no replica is alive.
     */
    static Optional<PartitionState> anyLive(PartitionState state, IntPredicate alive) {
        Optional<Integer> clean = firstIn(state.replicas(), r -> state.isr().contains(r) && alive.test(r));
        if (clean.isPresent()) {
            return Optional.of(state.withLeader(clean.get(), state.isr().stream().filter(alive::test).toList()));
        }
        return firstIn(state.replicas(), alive).map(dirty -> state.withLeader(dirty, List.of(dirty)));
    }

    static List<Integer> without(List<Integer> brokers, int broker) {
        List<Integer> rest = new ArrayList<>(brokers);
        rest.remove(Integer.valueOf(broker));
        return rest;
    }

    private static Optional<Integer> firstIn(List<Integer> brokers, IntPredicate candidate) {
        return brokers.stream().filter(candidate::test).findFirst();
    }
}
