package dev.katka.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.katka.cluster.BrokerRegistry.Registered;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ClusterCoordination} over a Hazelcast data grid (in Payara, the instance at JNDI
 * {@code payara/Hazelcast}).
 *
 * <ul>
 *   <li>Membership: the map {@value BrokerRegistry#NAME} says which member runs which broker; a
 *       broker is alive while its member is (Hazelcast's heartbeat failure detection). Members
 *       without a registration run no broker and are ignored.</li>
 *   <li>Controller: elected by {@link FencedLockElection} where the CP subsystem is configured
 *       ({@code cp-member-count} &gt; 0, which Hazelcast requires to be at least 3), else by
 *       {@link OldestBrokerElection}; the epoch is claimed on the metadata log's head. See
 *       {@link ControllerElection} for the safety argument and the limits.</li>
 *   <li>Metadata: {@link MetadataLog}, bounded to about {@link Settings#retainedEntries} entries
 *       plus a snapshot. All brokers of a cluster must agree on the CP setting.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 *
 * Two threads of its own, from the given {@link ThreadFactory}: the <em>coordination thread</em>
 * does all the reading and deciding, in rounds (every {@link Settings#pollInterval}, and at once
 * when a grid event says something changed: a member came or went, a registration changed, a commit
 * was announced on the topic {@value #COMMITS}); the <em>event thread</em> calls the
 * {@link ClusterCoordination.Listener}, one event after another in the order the coordination
 * thread decided them. Grid event threads only wake the coordination thread. Polling bounds the
 * delay when an event is lost; the events make the usual case fast.
 *
 * <p>A round: read the head; if there is no log, rebuild it (below); deliver the committed entries
 * this broker has not had (or the snapshot, if it is behind the floor); announce brokers that came
 * or went; check this broker's controller role (still its epoch in the head, still holding the
 * lock) or try to claim it; as controller, trim the log.
 *
 * <h2>No log</h2>
 *
 * A new cluster has no log, and a cluster whose data grid restarted entirely has lost it (the grid
 * is in memory; the brokers keep their images in their own databases). Then every broker publishes
 * the version of its image in its registration, and after {@link Settings#seedGrace} the live
 * broker with the newest image (lowest id among equals) starts the log from its image; a broker
 * whose grid looks for no member but itself (a single broker) waits for nobody and starts it at
 * once. A broker started later with a newer image, or whose image's last entry is not the log's
 * entry at that version, is told to replace its image by the log's snapshot
 * ({@link Listener#snapshot}): a full-cluster restart keeps what the newest broker present at the
 * start had, so start all brokers together.
 *
 * <p>Thread-safe.
 */
public final class HazelcastCoordination implements ClusterCoordination {

    /** Where a commit is announced (the new head version), so brokers read it without waiting for a poll. */
    static final String COMMITS = "katka-metadata-commits";
    /** The cluster's id (one entry, {@value #CLUSTER_ID_KEY}); a katka-* map, so with two backups. */
    static final String CLUSTER_MAP = "katka-cluster";
    static final String CLUSTER_ID_KEY = "cluster.id";

    private static final Logger LOG = Logger.getLogger(HazelcastCoordination.class.getName());
    /** A head behind this broker's image this many rounds in a row is not a stale read. */
    private static final int ROUNDS_BEHIND_BEFORE_RESYNC = 3;
    /** Registrations are re-read at least this often, in case a registry event was missed. */
    private static final long REGISTRY_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    /**
     * @param pollInterval    how often the coordination thread looks without being woken
     * @param retainedEntries how many metadata log entries are kept (about; trimming happens in
     *                        steps of a tenth); a broker further behind starts from a snapshot
     * @param seedGrace       how long brokers wait, when there is no log, for each other's
     *                        registrations before the one with the newest image starts the log
     */
    public record Settings(Duration pollInterval, int retainedEntries, Duration seedGrace) {

        public static final Settings DEFAULTS = new Settings(Duration.ofMillis(250), 10_000, Duration.ofSeconds(1));

        public Settings {
            if (pollInterval.isNegative() || pollInterval.isZero() || retainedEntries < 1 || seedGrace.isNegative()) {
                throw new IllegalArgumentException("Invalid coordination settings: " + pollInterval + ", "
                        + retainedEntries + ", " + seedGrace);
            }
        }
    }

    /** The controller role as held: its epoch and the head version its last commit left. */
    private record Claim(int epoch, long committed) {
    }

    private final HazelcastInstance hazelcast;
    private final Settings settings;
    /** {@link Settings#seedGrace}, or zero when no other member can be expected. */
    private final long seedGraceNanos;
    private final MetadataLog log;
    private final BrokerRegistry registry;
    private final ControllerElection election;
    private final ScheduledExecutorService coordinator;
    private final ExecutorService events;
    private final AtomicBoolean roundQueued = new AtomicBoolean();
    private final AtomicBoolean registryChanged = new AtomicBoolean(true);
    private final Set<UUID> departed = ConcurrentHashMap.newKeySet();
    private final Object appendLock = new Object();
    private final AtomicReference<Claim> claim = new AtomicReference<>();
    private final AtomicReference<Thread> eventThread = new AtomicReference<>();

    // Written once in join; read by every thread.
    private volatile BrokerRegistration self;
    private volatile Listener listener;
    private volatile boolean closed;
    /** What join registered with the grid: membership, registry and topic listeners. */
    private volatile List<Runnable> unsubscribe = List.of();

    private volatile Set<BrokerRegistration> announcedLive = Set.of();
    private volatile int controllerId = -1;
    private volatile Registered ownEntry;

    // The coordination thread's own.
    private MetadataImage image;
    private Map<Integer, Registered> registered = Map.of();
    private Map<Integer, Registered> live = Map.of();
    private long registryReadAt;
    private boolean caughtUp;
    private boolean divergenceChecked;
    private int roundsBehind;
    private long headMissingSince = -1;
    private boolean duplicateReported;

    /** With the default settings and daemon threads. */
    public HazelcastCoordination(HazelcastInstance hazelcast) {
        this(hazelcast, Settings.DEFAULTS, daemonThreads());
    }

    /**
     * @param threadFactory makes the two threads (in the container: its managed thread factory)
     */
    public HazelcastCoordination(HazelcastInstance hazelcast, Settings settings, ThreadFactory threadFactory) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
        this.settings = Objects.requireNonNull(settings, "settings");
        boolean cp = hazelcast.getConfig().getCPSubsystemConfig().getCPMemberCount() > 0;
        KatkaHazelcastConfig.ensureMetadataMaps(hazelcast);
        this.seedGraceNanos = KatkaHazelcastConfig.looksForNoOtherMember(hazelcast) ? 0 : settings.seedGrace().toNanos();
        this.log = new MetadataLog(hazelcast, HeadStore.of(hazelcast, cp));
        this.registry = new BrokerRegistry(hazelcast);
        this.election = cp ? new FencedLockElection(hazelcast) : new OldestBrokerElection();
        this.coordinator = Executors.newSingleThreadScheduledExecutor(named(threadFactory, "katka-coordination", null));
        this.events = Executors.newSingleThreadExecutor(named(threadFactory, "katka-cluster-events", eventThread));
    }

    /** Whether the controller is elected with the CP subsystem's lock (else: the oldest broker). */
    public boolean usesCpSubsystem() {
        return election instanceof FencedLockElection;
    }

    // ================================================================ the interface

    @Override
    public synchronized void join(BrokerRegistration self, MetadataImage applied, Listener listener) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(listener, "listener");
        if (this.listener != null || closed) {
            throw new IllegalStateException("join is called once, before close");
        }
        this.self = self;
        this.listener = listener;
        runOnCoordinator(() -> image = applied);
        Registered entry = new Registered(self, localMember(), applied.version());
        registry.register(entry);
        ownEntry = entry;
        UUID membership = hazelcast.getCluster().addMembershipListener(new Membership());
        UUID registrations = registry.onChange(() -> {
            registryChanged.set(true);
            wake();
        });
        UUID commits = hazelcast.<Long>getTopic(COMMITS).addMessageListener(message -> wake());
        unsubscribe = List.of(
                () -> hazelcast.getCluster().removeMembershipListener(membership),
                () -> registry.stopListening(registrations),
                () -> hazelcast.getTopic(COMMITS).removeMessageListener(commits));
        long poll = settings.pollInterval().toMillis();
        coordinator.scheduleWithFixedDelay(this::round, 0, Math.max(1, poll), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "Broker {0} joins the cluster (metadata version {1}, controller election by {2})",
                new Object[] {self.id(), applied.version(), usesCpSubsystem() ? "CP lock" : "oldest broker"});
    }

    @Override
    public String agreeClusterId(String proposed) {
        String agreed = hazelcast.<String, String>getMap(CLUSTER_MAP).putIfAbsent(CLUSTER_ID_KEY, proposed);
        return agreed == null ? proposed : agreed;
    }

    @Override
    public boolean append(int controllerEpoch, List<MetadataRecord> records) {
        synchronized (appendLock) {
            Claim held = claim.get();
            if (held == null || held.epoch() != controllerEpoch) {
                return false;
            }
            if (records.isEmpty()) {
                return true;
            }
            long committed;
            try {
                committed = log.append(controllerEpoch, held.committed(), records);
            } catch (RuntimeException e) {
                // Not known to be written; the caller resigns, and the next controller reads the head.
                LOG.log(Level.WARNING, "Could not append to the metadata log as controller of epoch "
                        + controllerEpoch, e);
                return false;
            }
            if (committed < 0) {
                return false;
            }
            // Fails only if the role was lost meanwhile; the records are written all the same.
            claim.compareAndSet(held, new Claim(controllerEpoch, committed));
            announceCommit(committed);
            return true;
        }
    }

    @Override
    public Set<BrokerRegistration> liveBrokers() {
        return announcedLive;
    }

    @Override
    public int controllerId() {
        return controllerId;
    }

    @Override
    public long committedVersion() {
        LogHead head = log.head();
        return head == null ? -1 : head.version();
    }

    @Override
    public void resign(int controllerEpoch) {
        runOnCoordinator(() -> lose(controllerEpoch, "it resigned"));
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        unsubscribe.forEach(HazelcastCoordination::quietly);
        try {
            Future<?> leaving = coordinator.submit(() -> {
                Claim held = claim.get();
                if (held != null) {
                    lose(held.epoch(), "the broker is leaving");
                }
                quietly(election::release);
                Registered entry = ownEntry;
                if (entry != null) {
                    // So that the others see this broker gone now, not when its member leaves.
                    quietly(() -> registry.remove(entry));
                }
            });
            leaving.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.log(Level.WARNING, "Leaving the cluster did not finish cleanly", e);
        }
        coordinator.shutdownNow();
        events.shutdown();
        if (Thread.currentThread() != eventThread.get()) {
            try {
                events.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ================================================================ rounds (coordination thread)

    private void round() {
        roundQueued.set(false);
        if (closed) {
            return;
        }
        try {
            GridView view = readView();
            election.maintain();
            if (!election.ready()) {
                Claim held = claim.get();
                if (held != null) {
                    // Cut off from the CP majority: its commits could not succeed; stop now rather
                    // than when the grid's calls time out.
                    lose(held.epoch(), "the CP subsystem is out of reach");
                }
                return;
            }
            LogHead head = log.head();
            if (head == null) {
                Claim held = claim.get();
                if (held != null) {
                    lose(held.epoch(), "the metadata log is gone");
                }
                seedIfNewest(view);
                return;
            }
            headMissingSince = -1;
            deliver(head);
            if (!caughtUp) {
                // The broker hears of other brokers only once it has the metadata it joined for.
                if (image.version() != head.version()) {
                    return;
                }
                caughtUp = true;
            }
            announce(view);
            elect(head, view);
            trim(head);
        } catch (HazelcastInstanceNotActiveException e) {
            LOG.log(Level.FINE, "The data grid is shutting down", e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A cluster coordination round failed; the next one tries again", e);
        }
    }

    /** The members and live brokers now; keeps this broker's own registration and removes departed ones. */
    private GridView readView() {
        List<Member> members = new ArrayList<>(hazelcast.getCluster().getMembers());
        UUID me = localMember();
        long now = System.nanoTime();
        if (registryChanged.getAndSet(false) || now - registryReadAt > REGISTRY_REFRESH_NANOS) {
            registered = registry.all();
            registryReadAt = now;
        }
        Set<UUID> memberIds = new HashSet<>();
        members.forEach(m -> memberIds.add(m.getUuid()));

        Registered mine = registered.get(self.id());
        if (mine == null || !mine.member().equals(me) || !mine.registration().equals(self)) {
            if (mine != null && !mine.member().equals(me) && memberIds.contains(mine.member())) {
                if (!duplicateReported) {
                    duplicateReported = true;
                    LOG.log(Level.SEVERE, "Broker id {0} is registered by another live member ({1}): two brokers "
                            + "with one id? This one stays out of the cluster.", new Object[] {self.id(), mine});
                }
            } else {
                // Missing (removed by a broker that took this member for dead, or lost with its
                // partition) or left by an earlier life of this broker: register again.
                Registered again = new Registered(self, me, image.version());
                registry.register(again);
                ownEntry = again;
                Map<Integer, Registered> updated = new HashMap<>(registered);
                updated.put(self.id(), again);
                registered = updated;
            }
        }

        Map<Integer, Registered> liveNow = new HashMap<>();
        for (Registered broker : registered.values()) {
            if (memberIds.contains(broker.member())) {
                liveNow.put(broker.registration().id(), broker);
            } else if (departed.contains(broker.member())) {
                registry.remove(broker);
            }
        }
        // Forget departures that no registration refers to any more.
        departed.removeIf(member -> registered.values().stream().noneMatch(b -> b.member().equals(member)));
        return new GridView(members, liveNow, me);
    }

    /** Delivers the committed entries this broker has not had, or a snapshot first where needed. */
    private void deliver(LogHead head) {
        if (!divergenceChecked) {
            if (diverged(head) && !resync(head, "its image does not match the log's entry at version "
                    + image.version())) {
                return;
            }
            divergenceChecked = true;
        }
        if (image.version() > head.version()) {
            if (++roundsBehind < ROUNDS_BEHIND_BEFORE_RESYNC) {
                return;
            }
            roundsBehind = 0;
            resync(head, "the metadata log (version " + head.version() + ") is behind its image (version "
                    + image.version() + "): the log was lost and rebuilt from an older image");
            return;
        }
        roundsBehind = 0;
        if (image.version() < head.floor() && !resync(head, "it is further behind than the log keeps")) {
            return;
        }
        while (image.version() < head.version()) {
            List<MetadataLogEntry> entries = log.read(image.version() + 1, head.version());
            if (entries.isEmpty()) {
                return; // trimmed meanwhile, or lost with a partition: the next round looks again
            }
            MetadataImage next = image;
            try {
                for (MetadataLogEntry entry : entries) {
                    next = next.apply(entry);
                }
            } catch (IllegalArgumentException e) {
                LOG.log(Level.SEVERE, "Metadata log entries do not apply to broker " + self.id() + "'s image", e);
                resync(head, "the log's entries do not follow its image");
                return;
            }
            image = next;
            emit(() -> listener.metadata(entries));
        }
    }

    /** Whether this broker's image holds another entry at its version than the log does. */
    private boolean diverged(LogHead head) {
        long version = image.version();
        if (version == 0 || version <= head.floor() || version > head.version()) {
            return false; // nothing to compare with (the cases behind and ahead are handled anyway)
        }
        List<MetadataLogEntry> at = log.read(version, version);
        return !at.isEmpty() && at.get(0).controllerEpoch() != image.controllerEpoch();
    }

    private boolean resync(LogHead head, String why) {
        MetadataImage snapshot = log.snapshot(head.snapshotVersion());
        if (snapshot == null) {
            return false; // trimmed meanwhile: the next round reads the new head
        }
        LOG.log(Level.WARNING, "Broker {0} replaces its metadata image (version {1}) by the log''s snapshot "
                + "(version {2}): {3}", new Object[] {self.id(), image.version(), snapshot.version(), why});
        image = snapshot;
        emit(() -> listener.snapshot(snapshot));
        return true;
    }

    /** There is no log: the live broker with the newest image starts it, after the others had time to say theirs. */
    private void seedIfNewest(GridView view) {
        long now = System.nanoTime();
        if (headMissingSince < 0) {
            headMissingSince = now;
            Registered entry = ownEntry;
            if (entry == null || entry.appliedVersion() != image.version()) {
                Registered updated = new Registered(self, localMember(), image.version());
                registry.register(updated);
                ownEntry = updated;
            }
        }
        if (now - headMissingSince < seedGraceNanos) {
            return;
        }
        Registered newest = view.liveBrokers().values().stream()
                .max(Comparator.comparingLong(Registered::appliedVersion)
                        .thenComparing(b -> -b.registration().id()))
                .orElse(null);
        if (newest == null || !newest.member().equals(view.localMember())) {
            return;
        }
        if (log.seed(image)) {
            LOG.log(Level.INFO, "Broker {0} started the metadata log at version {1} (controller epoch {2})",
                    new Object[] {self.id(), image.version(), image.controllerEpoch()});
            announceCommit(image.version());
        }
    }

    /** Tells the listener which brokers came and went since the last round. */
    private void announce(GridView view) {
        Map<Integer, Registered> before = live;
        live = view.liveBrokers();
        Set<BrokerRegistration> current = new HashSet<>();
        before.values().forEach(b -> current.add(b.registration()));
        for (Map.Entry<Integer, Registered> gone : before.entrySet()) {
            if (!live.containsKey(gone.getKey())) {
                current.remove(gone.getValue().registration());
                Set<BrokerRegistration> after = Set.copyOf(current);
                int id = gone.getKey();
                emit(() -> {
                    announcedLive = after;
                    listener.brokerFailed(id);
                });
            }
        }
        List<Registered> started = new ArrayList<>();
        for (Registered broker : live.values()) {
            if (!broker.sameAs(before.get(broker.registration().id()))) {
                started.add(broker);
            }
        }
        started.sort(Comparator.comparingInt(b -> b.registration().id()));
        for (Registered broker : started) {
            Registered previous = before.get(broker.registration().id());
            if (previous != null) {
                current.remove(previous.registration());
            }
            current.add(broker.registration());
            Set<BrokerRegistration> after = Set.copyOf(current);
            emit(() -> {
                announcedLive = after;
                listener.brokerStarted(broker.registration());
            });
        }
    }

    /** Checks this broker's role, or claims it when the election says so. */
    private void elect(LogHead head, GridView view) {
        controllerId = view.isLiveBroker(head.controllerMember()) ? head.controllerId() : -1;
        Claim held = claim.get();
        if (held != null) {
            if (head.epoch() != held.epoch() || !view.localMember().equals(head.controllerMember())) {
                lose(held.epoch(), "epoch " + head.epoch() + " was claimed by broker " + head.controllerId());
            } else if (!election.stillHolds()) {
                lose(held.epoch(), "it lost the controller lock");
            }
            return;
        }
        Registered mine = view.liveBrokers().get(self.id());
        if (mine == null || !mine.member().equals(view.localMember()) || image.version() != head.version()) {
            return; // not (yet) a live broker, or not caught up: the image handed over must be the head's
        }
        if (!election.mayClaim(view, head)) {
            return;
        }
        LogHead claimed = log.claim(head, self.id(), view.localMember());
        if (claimed == null) {
            return; // the head moved: the next round looks again
        }
        claim.set(new Claim(claimed.epoch(), claimed.version()));
        controllerId = self.id();
        LOG.log(Level.INFO, "Broker {0} is the controller, epoch {1}", new Object[] {self.id(), claimed.epoch()});
        MetadataImage latest = image;
        emit(() -> listener.becameController(claimed.epoch(), latest));
        announceCommit(claimed.version());
    }

    /** As controller: keeps the log at about the retained size. */
    private void trim(LogHead head) {
        Claim held = claim.get();
        if (held == null || held.epoch() != head.epoch()) {
            return;
        }
        int keep = settings.retainedEntries();
        if (head.version() - head.floor() <= keep + Math.max(1, keep / 10)) {
            return;
        }
        long newFloor = Math.min(image.version(), head.version() - keep);
        if (newFloor > head.floor() && log.trim(held.epoch(), image, newFloor)) {
            LOG.log(Level.FINE, "Metadata log trimmed to versions after {0}; snapshot at {1}",
                    new Object[] {newFloor, image.version()});
        }
    }

    /** Gives up the role of that epoch, if this broker holds it, and tells the listener. */
    private void lose(int epoch, String why) {
        Claim held;
        while ((held = claim.get()) != null && held.epoch() == epoch) {
            if (claim.compareAndSet(held, null)) {
                // The listener hears of it even when the grid cannot take the lock back now.
                quietly(election::release);
                LOG.log(Level.INFO, "Broker {0} is no longer the controller of epoch {1}: {2}",
                        new Object[] {self.id(), epoch, why});
                emit(() -> listener.lostController(epoch));
                return;
            }
        }
    }

    // ================================================================ plumbing

    private final class Membership implements MembershipListener {

        @Override
        public void memberAdded(MembershipEvent event) {
            registryChanged.set(true);
            wake();
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            departed.add(event.getMember().getUuid());
            registryChanged.set(true);
            runOnCoordinator(() -> election.memberRemoved(event.getMember()));
            wake();
        }
    }

    private UUID localMember() {
        // Read each time: a member that rejoins after a split-brain merge may have a new UUID.
        return hazelcast.getCluster().getLocalMember().getUuid();
    }

    private void wake() {
        if (!closed && roundQueued.compareAndSet(false, true)) {
            runOnCoordinator(this::round);
        }
    }

    private void runOnCoordinator(Runnable task) {
        try {
            coordinator.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "A cluster coordination task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void emit(Runnable event) {
        try {
            events.execute(() -> {
                try {
                    event.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "The cluster listener of broker " + self.id() + " failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private void announceCommit(long version) {
        try {
            hazelcast.<Long>getTopic(COMMITS).publish(version);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not announce metadata version " + version + "; brokers poll for it", e);
        }
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Ignored: the data grid refused a clean-up", e);
        }
    }

    private static ThreadFactory daemonThreads() {
        ThreadFactory base = Executors.defaultThreadFactory();
        return task -> {
            Thread thread = base.newThread(task);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static ThreadFactory named(ThreadFactory factory, String name, AtomicReference<Thread> made) {
        return task -> {
            Thread thread = factory.newThread(task);
            try {
                thread.setName(name);
            } catch (SecurityException e) {
                // a container's thread keeps the container's name
            }
            if (made != null) {
                made.set(thread);
            }
            return thread;
        };
    }
}
