package dev.katka.simulation;

import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What Hazelcast does for the cluster, simulated: membership with heartbeat-based failure
 * detection, the controller lock whose fencing token is the controller epoch (a linearizable CP
 * lock: at most one holder, tokens only grow), and the metadata log that refuses a deposed
 * controller's appends and delivers entries to every broker in order.
 *
 * <p>It lives outside the brokers' failures, like a CP group that keeps its majority.
 */
final class Coordination {

    static final long SESSION_TIMEOUT_MS = 1_000;
    static final long FAILURE_CHECK_INTERVAL_MS = 100;

    private final Scheduler scheduler;
    private final Random random;
    private final Invariants invariants;
    private final Network network;
    private Cluster cluster;

    private final Map<Integer, BrokerRegistration> registrations = new HashMap<>();
    private final Map<Integer, Long> lastHeartbeat = new HashMap<>();
    private final Set<Integer> alive = new HashSet<>();
    private int controller = -1;
    private int controllerEpoch;

    private final List<MetadataLogEntry> log = new ArrayList<>();
    private MetadataImage latest = MetadataImage.EMPTY;
    private final Map<Integer, Long> deliveredTo = new HashMap<>();
    private final Set<Integer> deliveryScheduled = new HashSet<>();

    Coordination(Scheduler scheduler, Random random, Invariants invariants, Network network) {
        this.scheduler = scheduler;
        this.random = random;
        this.invariants = invariants;
        this.network = network;
    }

    void attach(Cluster cluster) {
        this.cluster = cluster;
        scheduler.after(FAILURE_CHECK_INTERVAL_MS, this::detectFailures);
    }

    // ---------------------------------------------------------------- membership

    /** A broker (re)started: it joins with a new registration. */
    void register(BrokerRegistration registration) {
        boolean heldTheLock = registration.id() == controller;
        registrations.put(registration.id(), registration);
        lastHeartbeat.put(registration.id(), scheduler.now());
        alive.add(registration.id());
        deliveredTo.put(registration.id(), latest.version());
        if (heldTheLock) {
            // Its previous life held the controller lock; that session died with it.
            controller = -1;
        }
        tellController(b -> b.onBrokerStarted(registration));
        if (controller < 0) {
            electController();
        }
    }

    void heartbeat(int broker) {
        if (network.isIsolated(broker)) {
            return;
        }
        lastHeartbeat.put(broker, scheduler.now());
        if (!alive.contains(broker) && registrations.containsKey(broker)) {
            // A paused broker that was declared dead rejoins as a new member, same registration.
            alive.add(broker);
            tellController(b -> b.onBrokerStarted(registrations.get(broker)));
            if (controller < 0) {
                electController();
            }
        }
    }

    private void detectFailures() {
        for (int broker : new ArrayList<>(alive)) {
            if (scheduler.now() - lastHeartbeat.get(broker) > SESSION_TIMEOUT_MS) {
                alive.remove(broker);
                if (broker == controller) {
                    controller = -1;
                    electController();
                } else {
                    tellController(b -> b.onBrokerFailed(broker));
                }
            }
        }
        scheduler.after(FAILURE_CHECK_INTERVAL_MS, this::detectFailures);
    }

    Set<BrokerRegistration> aliveRegistrations() {
        Set<BrokerRegistration> result = new HashSet<>();
        alive.forEach(id -> result.add(registrations.get(id)));
        return result;
    }

    // ---------------------------------------------------------------- controller

    private void electController() {
        if (alive.isEmpty()) {
            return;
        }
        List<Integer> candidates = new ArrayList<>(new java.util.TreeSet<>(alive));
        candidates.removeIf(network::isIsolated);
        if (candidates.isEmpty()) {
            scheduler.after(FAILURE_CHECK_INTERVAL_MS, () -> {
                if (controller < 0) {
                    electController();
                }
            });
            return;
        }
        controller = candidates.get(random.nextInt(candidates.size()));
        controllerEpoch++;
        invariants.controllerTookOffice(controllerEpoch, controller);
        int epoch = controllerEpoch;
        long incarnation = registrations.get(controller).incarnation();
        deliver(controller, incarnation, b -> b.becomeController(epoch));
    }

    private void tellController(java.util.function.Consumer<SimulatedBroker> event) {
        if (controller >= 0) {
            deliver(controller, registrations.get(controller).incarnation(), event);
        }
    }

    /**
     * Delivery to a broker through the data grid: in order (membership events reach a listener in
     * the order they happened), once the broker is reachable.
     */
    private void deliver(int broker, long incarnation, java.util.function.Consumer<SimulatedBroker> event) {
        outbox.computeIfAbsent(broker, b -> new java.util.ArrayDeque<>()).add(new Pending(incarnation, event));
        if (draining.add(broker)) {
            scheduler.after(1 + random.nextInt(5), () -> drain(broker));
        }
    }

    private record Pending(long incarnation, java.util.function.Consumer<SimulatedBroker> event) {
    }

    private final Map<Integer, java.util.ArrayDeque<Pending>> outbox = new HashMap<>();
    private final Set<Integer> draining = new HashSet<>();

    private void drain(int broker) {
        if (network.isIsolated(broker)) {
            scheduler.after(50, () -> drain(broker));
            return;
        }
        draining.remove(broker);
        java.util.ArrayDeque<Pending> pending = outbox.remove(broker);
        SimulatedBroker target = cluster.broker(broker);
        for (Pending next : pending) {
            if (target.isUp() && target.incarnation() == next.incarnation()) {
                if (target.isPaused()) {
                    target.hold(() -> next.event().accept(target));
                } else {
                    next.event().accept(target);
                }
            }
        }
    }

    int controller() {
        return controller;
    }

    /** A controller that failed to append gives up the role; the lock goes to someone (maybe it again). */
    void resign(int broker, int epoch) {
        if (broker == controller && epoch == controllerEpoch) {
            controller = -1;
            electController();
        }
    }

    long controllerIncarnation() {
        return controller < 0 ? -1 : registrations.get(controller).incarnation();
    }

    // ---------------------------------------------------------------- metadata log

    /**
     * Appends a controller's records, unless that controller has been deposed or cannot reach the
     * CP group (isolated: a minority cannot write).
     */
    boolean append(int epoch, int writer, List<MetadataRecord> records) {
        if (epoch != controllerEpoch || writer != controller || network.isIsolated(writer)) {
            return false;
        }
        for (MetadataRecord record : records) {
            MetadataLogEntry entry = new MetadataLogEntry(latest.version() + 1, epoch, record);
            latest = latest.apply(entry);
            log.add(entry);
        }
        invariants.metadataAppended(epoch, writer);
        for (int broker : registrations.keySet()) {
            scheduleDelivery(broker);
        }
        return true;
    }

    MetadataImage latest() {
        return latest;
    }

    /** The entries after {@code version}, for a broker catching up at start. */
    List<MetadataLogEntry> entriesAfter(long version) {
        return log.subList((int) version, log.size());
    }

    void caughtUp(int broker, long version) {
        deliveredTo.put(broker, version);
    }

    private void scheduleDelivery(int broker) {
        if (!deliveryScheduled.add(broker)) {
            return;
        }
        scheduler.after(1 + random.nextInt(20), () -> {
            deliveryScheduled.remove(broker);
            SimulatedBroker target = cluster.broker(broker);
            if (!target.isUp()) {
                return;
            }
            if (network.isIsolated(broker)) {
                scheduleDelivery(broker);
                return;
            }
            if (target.isPaused()) {
                target.hold(() -> scheduleDelivery(broker));
                return;
            }
            long from = deliveredTo.getOrDefault(broker, 0L);
            List<MetadataLogEntry> pending = new ArrayList<>(log.subList((int) from, log.size()));
            deliveredTo.put(broker, latest.version());
            target.applyMetadata(pending);
        });
    }
}
