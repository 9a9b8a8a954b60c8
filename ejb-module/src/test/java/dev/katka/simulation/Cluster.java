package dev.katka.simulation;

import dev.katka.controller.ControllerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.protocol.Errors;

/**
 * A whole Katka cluster in one thread, driven by one seed: brokers with the real controller and
 * replication state machines, simulated network, membership and time, producers writing all the
 * time, and faults (crashes, restarts, pauses, cut links, lost messages) at random moments.
 * {@link #run()} throws {@link AssertionError} when an {@link Invariants invariant} breaks.
 */
final class Cluster {

    static final int BROKERS = 3;
    static final long FAULTS_FROM_MS = 1_000;
    static final long FAULTS_UNTIL_MS = 12_000;
    /**
     * When the cluster must have converged: the faults end, plus one lost AlterPartition's retry
     * (a leader waits {@code PartitionReplica.ISR_CHANGE_TIMEOUT_MS}, 5 s, for an answer before
     * asking again), plus a few rounds of fetching. Seed -10414 lost the last request before the
     * heal and needed more than the 4 s this window used to be.
     */
    static final long END_MS = 20_000;
    static final long CHECK_INTERVAL_MS = 250;

    private final long seed;
    private final Random random;
    private final Scheduler scheduler = new Scheduler();
    private final Invariants invariants = new Invariants(scheduler);
    private final Network network;
    private final Coordination coordination;
    private final List<SimulatedBroker> brokers = new ArrayList<>();
    private final List<String> faults = new ArrayList<>();

    Cluster(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.network = new Network(scheduler, random);
        this.coordination = new Coordination(scheduler, random, invariants, network);
        network.attach(this);
        coordination.attach(this);
        for (int id = 1; id <= BROKERS; id++) {
            brokers.add(new SimulatedBroker(id, scheduler, network, coordination, invariants, random));
        }
    }

    SimulatedBroker broker(int id) {
        return brokers.get(id - 1);
    }

    List<SimulatedBroker> brokers() {
        return brokers;
    }

    Coordination coordination() {
        return coordination;
    }

    List<SimulatedBroker> runningBrokers() {
        return brokers.stream().filter(b -> b.isUp() && !b.isPaused()).toList();
    }

    /** Runs the whole scenario; returns what it did, for the failure message of a broken seed. */
    Summary run() {
        brokers.forEach(SimulatedBroker::start);
        scheduler.after(100, () -> createTopic("t", 3, (short) 3, "2"));
        scheduler.after(100, () -> createTopic("u", 2, (short) 2, "1"));
        List<TopicPartition> partitions = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1),
                new TopicPartition("t", 2), new TopicPartition("u", 0), new TopicPartition("u", 1));
        new Producers(this, scheduler, network, random, invariants, partitions).runUntil(FAULTS_UNTIL_MS + 2_000);
        scheduler.after(FAULTS_FROM_MS, this::nextFault);
        scheduler.after(FAULTS_UNTIL_MS, this::healEverything);
        scheduler.after(CHECK_INTERVAL_MS, this::checkPeriodically);
        try {
            while (scheduler.runNext(END_MS)) {
                // every task runs the state machines; the invariants throw on a broken promise
            }
            invariants.checkCluster(this);
            invariants.checkConverged(this);
        } catch (AssertionError broken) {
            throw new AssertionError("seed " + seed + " broke a promise after " + faults + ": " + broken.getMessage(), broken);
        }
        return new Summary(invariants.acknowledgedCount(), faults);
    }

    record Summary(long acknowledged, List<String> faults) {
    }

    private void checkPeriodically() {
        invariants.checkCluster(this);
        scheduler.after(CHECK_INTERVAL_MS, this::checkPeriodically);
    }

    private void createTopic(String name, int partitions, short replicationFactor, String minInsync) {
        int controller = coordination.controller();
        Errors result = controller < 0 ? Errors.NOT_CONTROLLER
                : broker(controller).createTopic(new ControllerEvent.CreateTopic(0, name, partitions, replicationFactor,
                        Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInsync), null, false));
        if (result != Errors.NONE) {
            scheduler.after(50, () -> createTopic(name, partitions, replicationFactor, minInsync));
        }
    }

    private void nextFault() {
        if (scheduler.now() >= FAULTS_UNTIL_MS) {
            return;
        }
        SimulatedBroker victim = brokers.get(random.nextInt(brokers.size()));
        long duration = 200 + random.nextInt(3_000);
        switch (random.nextInt(4)) {
            case 0 -> {
                if (victim.isUp() && !victim.isPaused()) {
                    record("crash " + victim.id() + " for " + duration + " ms");
                    victim.crash();
                    scheduler.after(duration, () -> {
                        if (!victim.isUp()) {
                            victim.start();
                        }
                    });
                }
            }
            case 1 -> {
                if (victim.isUp() && !victim.isPaused()) {
                    record("pause " + victim.id() + " for " + duration + " ms");
                    victim.pause();
                    scheduler.after(duration, () -> {
                        if (victim.isPaused()) {
                            victim.resume();
                        }
                    });
                }
            }
            case 2 -> {
                record("isolate " + victim.id() + " for " + duration + " ms");
                network.isolate(victim.id());
                scheduler.after(duration, network::heal);
            }
            default -> {
                record("lose 20% of messages for " + duration + " ms");
                network.setLossRate(0.2);
                scheduler.after(duration, network::heal);
            }
        }
        scheduler.after(duration + random.nextInt(1_000), this::nextFault);
    }

    private void record(String fault) {
        faults.add(scheduler.now() + " ms: " + fault);
    }

    private void healEverything() {
        network.heal();
        for (SimulatedBroker broker : brokers) {
            if (broker.isPaused()) {
                broker.resume();
            } else if (!broker.isUp()) {
                broker.start();
            }
        }
    }
}
