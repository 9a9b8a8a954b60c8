package dev.katka.simulation;

import dev.katka.metadata.PartitionState;
import dev.katka.replication.PartitionReplica;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * The promises of the cluster, checked as the simulation runs:
 * <ol>
 *   <li>at most one controller per controller epoch, and only it writes metadata in that epoch;</li>
 *   <li>at most one leader per partition and leader epoch;</li>
 *   <li>a replica's high watermark never goes back (within one life of its broker), and no
 *       replica truncates below it;</li>
 *   <li>every record acknowledged with acks=all is, at its offset with its bytes, in the log of
 *       every replica when it becomes leader and of the leader up to its high watermark;</li>
 *   <li>a follower's log up to its high watermark is a prefix of its leader's.</li>
 * </ol>
 * A broken promise throws {@link AssertionError} naming the time, broker and partition.
 */
final class Invariants {

    private final Scheduler scheduler;
    private final Map<Integer, Integer> controllerOfEpoch = new HashMap<>();
    private final Map<TopicPartition, Map<Integer, Integer>> leaderOfEpoch = new HashMap<>();
    private final Map<ReplicaKey, Long> highWatermarks = new HashMap<>();
    private final Map<ReplicaKey, Boolean> wasLeader = new HashMap<>();
    private final Map<TopicPartition, Map<Long, byte[]>> acknowledged = new HashMap<>();
    private long acknowledgedCount;

    Invariants(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void controllerTookOffice(int epoch, int broker) {
        Integer previous = controllerOfEpoch.putIfAbsent(epoch, broker);
        check(previous == null || previous == broker, () -> "controller epoch " + epoch + " given to " + broker
                + " and to " + previous);
    }

    void metadataAppended(int epoch, int writer) {
        check(Integer.valueOf(writer).equals(controllerOfEpoch.get(epoch)), () -> "broker " + writer
                + " wrote metadata in controller epoch " + epoch + ", which is " + controllerOfEpoch.get(epoch) + "'s");
    }

    /** A replica's state was looked at after it changed. */
    void observe(SimulatedBroker broker, TopicPartition tp, PartitionReplica replica) {
        ReplicaKey key = new ReplicaKey(broker.id(), broker.incarnation(), tp);
        Long previous = highWatermarks.put(key, replica.highWatermark());
        check(previous == null || replica.highWatermark() >= previous, () -> "the high watermark of " + tp + " on broker "
                + broker.id() + " went back from " + previous + " to " + replica.highWatermark());
        boolean leads = replica.isLeader();
        if (leads) {
            int epoch = replica.state().leaderEpoch();
            Integer other = leaderOfEpoch.computeIfAbsent(tp, p -> new HashMap<>()).putIfAbsent(epoch, broker.id());
            check(other == null || other == broker.id(), () -> "brokers " + other + " and " + broker.id() + " both lead "
                    + tp + " in leader epoch " + epoch);
            if (!Boolean.TRUE.equals(wasLeader.get(key))) {
                holdsEveryAcknowledgedRecord(broker, tp, broker.log(tp).logEndOffset(), "on becoming leader");
            }
        }
        wasLeader.put(key, leads);
    }

    void truncated(SimulatedBroker broker, TopicPartition tp, long highWatermark, long endBefore, long endAfter) {
        check(endAfter >= highWatermark || endAfter >= endBefore, () -> "broker " + broker.id() + " truncated " + tp + " to "
                + endAfter + ", below its high watermark " + highWatermark);
    }

    void acknowledged(TopicPartition tp, long baseOffset, byte[][] values) {
        Map<Long, byte[]> ofPartition = acknowledged.computeIfAbsent(tp, p -> new HashMap<>());
        for (int i = 0; i < values.length; i++) {
            long offset = baseOffset + i;
            byte[] earlier = ofPartition.put(offset, values[i]);
            check(earlier == null || Arrays.equals(earlier, values[i]), () -> "offset " + offset + " of " + tp
                    + " was acknowledged twice with different records");
            acknowledgedCount++;
        }
    }

    /**
     * acks=all promises that {@code min.insync.replicas} brokers have the records when the
     * producer hears back, so a single failure cannot lose them.
     */
    void acknowledgedByEnoughReplicas(Cluster cluster, TopicPartition tp, long baseOffset, byte[][] values,
                                      int minInsync) {
        for (int i = 0; i < values.length; i++) {
            long offset = baseOffset + i;
            byte[] value = values[i];
            long copies = cluster.brokers().stream()
                    .filter(b -> b.log(tp) != null && Arrays.equals(b.log(tp).valueAt(offset), value))
                    .count();
            check(copies >= minInsync, () -> "offset " + offset + " of " + tp + " was acknowledged with acks=all on "
                    + copies + " broker(s), fewer than min.insync.replicas " + minInsync);
        }
    }

    long acknowledgedCount() {
        return acknowledgedCount;
    }

    /** The whole-cluster checks: current leaders hold every acknowledged record; followers are prefixes. */
    void checkCluster(Cluster cluster) {
        cluster.coordination().latest().forEachPartition((topic, index) -> {
            TopicPartition tp = new TopicPartition(topic.name(), index);
            PartitionState state = topic.partition(index);
            Optional<PartitionReplica> leader = currentLeader(cluster, tp, state);
            if (leader.isEmpty()) {
                return;
            }
            SimulatedBroker leaderBroker = cluster.broker(state.leader());
            holdsEveryAcknowledgedRecord(leaderBroker, tp, leader.get().highWatermark(), "as leader");
            for (int follower : state.replicas()) {
                SimulatedBroker broker = cluster.broker(follower);
                PartitionReplica replica = broker.isUp() ? broker.replicas().get(tp) : null;
                if (follower != state.leader() && replica != null && replica.isFollower()
                        && replica.state().leaderEpoch() == state.leaderEpoch()) {
                    isPrefix(broker, leaderBroker, tp, replica.highWatermark());
                }
            }
        });
    }

    /**
     * Liveness, once every fault has healed for a while: every partition has a leader and all its
     * replicas in sync, holding the same records up to the same high watermark.
     */
    void checkConverged(Cluster cluster) {
        cluster.coordination().latest().forEachPartition((topic, index) -> {
            TopicPartition tp = new TopicPartition(topic.name(), index);
            PartitionState state = topic.partition(index);
            check(currentLeader(cluster, tp, state).isPresent(), () -> tp + " has no acting leader: " + state);
            check(state.isr().size() == state.replicas().size(), () -> tp + " did not get its ISR back: " + state);
            long leaderEnd = cluster.broker(state.leader()).log(tp).logEndOffset();
            for (int member : state.replicas()) {
                PartitionReplica replica = cluster.broker(member).replicas().get(tp);
                check(replica != null && replica.highWatermark() == leaderEnd, () -> tp + " on broker " + member
                        + " did not catch up with the leader's end " + leaderEnd);
            }
        });
    }

    private static Optional<PartitionReplica> currentLeader(Cluster cluster, TopicPartition tp, PartitionState state) {
        if (!state.hasLeader()) {
            return Optional.empty();
        }
        SimulatedBroker broker = cluster.broker(state.leader());
        PartitionReplica replica = broker.isUp() ? broker.replicas().get(tp) : null;
        if (replica == null || !replica.isLeader() || replica.state().leaderEpoch() != state.leaderEpoch()) {
            return Optional.empty();
        }
        return Optional.of(replica);
    }

    private void holdsEveryAcknowledgedRecord(SimulatedBroker broker, TopicPartition tp, long upTo, String when) {
        SimulatedLog log = broker.log(tp);
        for (Map.Entry<Long, byte[]> entry : acknowledged.getOrDefault(tp, Map.of()).entrySet()) {
            long offset = entry.getKey();
            if (when.equals("as leader") && offset >= upTo) {
                continue;
            }
            check(Arrays.equals(log.valueAt(offset), entry.getValue()), () -> "broker " + broker.id() + " " + when + " of " + tp
                    + " lacks the acknowledged record at offset " + offset + " (log end " + log.logEndOffset() + ")");
        }
    }

    private void isPrefix(SimulatedBroker follower, SimulatedBroker leader, TopicPartition tp, long upTo) {
        SimulatedLog ours = follower.log(tp);
        SimulatedLog theirs = leader.log(tp);
        for (long offset = ours.logStartOffset(); offset < upTo; offset++) {
            long at = offset;
            check(Arrays.equals(ours.valueAt(at), theirs.valueAt(at)), () -> "follower " + follower.id() + " of " + tp
                    + " differs from leader " + leader.id() + " at offset " + at + ", below its high watermark " + upTo);
        }
    }

    /** One replica in one life of its broker. */
    private record ReplicaKey(int broker, long incarnation, TopicPartition partition) {
    }

    private void check(boolean promise, java.util.function.Supplier<String> broken) {
        if (!promise) {
            throw new AssertionError("at " + scheduler.now() + " ms: " + broken.get());
        }
    }
}
