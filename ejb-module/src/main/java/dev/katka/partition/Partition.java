package dev.katka.partition;

import dev.katka.log.LogAppendResult;
import dev.katka.log.LogConfig;
import dev.katka.log.LogReadResult;
import dev.katka.log.PartitionLog;
import dev.katka.metadata.PartitionState;
import dev.katka.metrics.BrokerMetrics;
import dev.katka.metrics.TopicTraffic;
import dev.katka.replication.PartitionReplica;
import dev.katka.replication.ReplicaLog;
import dev.katka.replication.ReplicaLog.EpochEndOffset;
import dev.katka.replication.ReplicationAction;
import dev.katka.replication.ReplicationAction.CompleteProduce;
import dev.katka.replication.ReplicationAction.RequestIsrChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.FileRecords.TimestampAndOffset;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.utils.Time;

/**
 * A partition this broker holds a replica of: its log, the {@link PartitionReplica} state
 * machine that makes it leader or follower, and the fetches waiting for it to grow.
 *
 * <p>This class is the state machine's driver for one partition: it feeds it events with the
 * current time, answers producers waiting for acks=all when it says so, and hands the requests it
 * asks for (fetch from the leader, OffsetForLeaderEpoch, ISR changes) to the broker's
 * {@link ReplicaRequests}. A broker that runs alone leads every partition with itself as the only
 * in-sync replica, so there the high watermark follows the log end offset and acks=all is answered
 * right after the local append.
 *
 * <p>Thread-safety: every event is serialized by the partition's lock; the state it produces is
 * published in a volatile {@link View}, so reads, offsets and metadata answers take no lock.
 * Actions are carried out after the lock is released.
 */
public final class Partition {

    private static final Logger LOG = Logger.getLogger(Partition.class.getName());

    private final TopicIdPartition id;
    private final PartitionLog log;
    private final ReplicaRequests requests;
    private final Time time;
    private final int localBrokerId;
    private final BrokerMetrics metrics;
    /** This partition's topic's counters, resolved once here so the hot paths never look them up. */
    private final TopicTraffic traffic;
    private final Set<Runnable> appendListeners = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final PartitionReplica replica;
    /** Guarded by {@link #lock}. */
    private final WaitingDeletes waitingDeletes = new WaitingDeletes();
    /** acks=all producers waiting for the high watermark, by request id; guarded by {@link #lock}. */
    private final Map<Long, CompletableFuture<LogAppendResult>> waitingProduces = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private long nextRequestId;
    /** Guarded by {@link #lock}: once removed, events are ignored. */
    private boolean removed;

    private volatile View view;

    /**
     * @param replicaLog    {@code log} as the state machine sees it
     * @param highWatermark the high watermark from the last checkpoint (0 if none)
     */
    public Partition(TopicIdPartition id, int localBrokerId, PartitionLog log, ReplicaLog replicaLog,
                     long highWatermark, long replicaLagTimeMaxMs, ReplicaRequests requests, Time time) {
        this(id, localBrokerId, log, replicaLog, highWatermark, replicaLagTimeMaxMs, requests, time, new BrokerMetrics());
    }

    /** @param metrics where this partition counts its traffic and ISR changes */
    public Partition(TopicIdPartition id, int localBrokerId, PartitionLog log, ReplicaLog replicaLog,
                     long highWatermark, long replicaLagTimeMaxMs, ReplicaRequests requests, Time time,
                     BrokerMetrics metrics) {
        this.id = id;
        this.localBrokerId = localBrokerId;
        this.metrics = metrics;
        this.traffic = metrics.topic(id.topic());
        this.log = log;
        this.requests = requests;
        this.time = time;
        this.replica = new PartitionReplica(localBrokerId, replicaLog, replicaLagTimeMaxMs, highWatermark);
        this.view = new View(null, replica.highWatermark(), false);
    }

    public TopicIdPartition id() {
        return id;
    }

    /** The counters of this partition's topic: producers' and consumers' bytes and messages. */
    public TopicTraffic traffic() {
        return traffic;
    }

    // ================================================================ events

    /** The metadata gives this partition a (new) state: take the role it says. */
    public void onMetadata(PartitionState state, int minInsyncReplicas) {
        run(now -> replica.onMetadata(state, minInsyncReplicas, now));
    }

    /**
     * Validates and appends a producer's records, as leader.
     *
     * @param requiredAcks the producer's acks (-1, 0 or 1)
     * @param timeoutMs    how long an acks=all producer waits for the in-sync replicas
     * @return the append, complete at once for acks 0 and 1; for acks=all once the high watermark
     *         passes it (or failed with NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT or
     *         NOT_LEADER_OR_FOLLOWER)
     * @throws org.apache.kafka.common.errors.ApiException when nothing was appended: this broker
     *         does not lead, the ISR is smaller than {@code min.insync.replicas} with acks=all,
     *         or the log refuses the records
     */
    public CompletionStage<LogAppendResult> appendAsLeader(MemoryRecords records, short requiredAcks, long timeoutMs) {
        List<ReplicationAction> actions = new ArrayList<>();
        CompletionStage<LogAppendResult> answer;
        synchronized (lock) {
            if (removed) {
                throw new NotLeaderOrFollowerException("The replica of " + id.topicPartition() + " left this broker.");
            }
            long now = time.milliseconds();
            long requestId = nextRequestId++;
            PartitionReplica.Appended appended = replica.appendAsLeader(records, requiredAcks, requestId,
                    now + timeoutMs, actions);
            if (appended.complete()) {
                answer = CompletableFuture.completedFuture(appended.result());
            } else {
                CompletableFuture<LogAppendResult> waiting = new CompletableFuture<>();
                waitingProduces.put(requestId, waiting);
                answer = waiting;
            }
            publish();
        }
        if (!appendListeners.isEmpty()) {
            appendListeners.forEach(Runnable::run);
        }
        carryOut(actions);
        return answer;
    }

    /**
     * As leader: a follower fetches from {@code fetchOffset}. Records its position, which may
     * grow the ISR and advance the high watermark, and its log start, which may answer DeleteRecords.
     *
     * @throws org.apache.kafka.common.errors.ApiException when this broker does not lead, the
     *         follower's epoch is wrong, or it holds no replica
     */
    public void onFollowerFetch(int follower, long fetchOffset, long followerLogStart, int currentLeaderEpoch) {
        List<ReplicationAction> actions = new ArrayList<>();
        List<Runnable> answers;
        synchronized (lock) {
            if (removed) {
                throw new NotLeaderOrFollowerException("The replica of " + id.topicPartition() + " left this broker.");
            }
            replica.onFollowerFetch(follower, fetchOffset, followerLogStart, currentLeaderEpoch, time.milliseconds(),
                    actions);
            publish();
            answers = settleDeletes();
        }
        answers.forEach(Runnable::run);
        finish(actions);
    }

    /**
     * DeleteRecords, as leader: deletes the records below {@code offset} (-1: the high watermark)
     * here at once, and answers once every follower that is alive as far as the leader can tell
     * (in sync, or fetching) has deleted them too, as its fetches tell (at once when this broker
     * is the only replica that counts; see {@link PartitionReplica#lowWatermark}).
     *
     * @return the low watermark then; or failed with REQUEST_TIMED_OUT after {@code timeoutMs}, or
     *         NOT_LEADER_OR_FOLLOWER when this broker stops leading meanwhile
     * @throws org.apache.kafka.common.errors.ApiException when nothing was deleted: this broker does
     *         not lead, {@code offset} lies above the high watermark (OFFSET_OUT_OF_RANGE), or the
     *         topic is compacted only (POLICY_VIOLATION, as in Kafka)
     */
    public CompletionStage<Long> deleteRecordsBefore(long offset, long timeoutMs) {
        CompletableFuture<Long> answer;
        List<Runnable> answers;
        synchronized (lock) {
            if (removed) {
                throw new NotLeaderOrFollowerException("The replica of " + id.topicPartition() + " left this broker.");
            }
            if (!log.config().delete()) {
                throw new PolicyViolationException("The records of " + id.topicPartition() + " cannot be deleted: "
                        + "its cleanup.policy is compact only.");
            }
            long deletedBelow = replica.deleteRecordsBefore(offset);
            answer = waitingDeletes.add(deletedBelow, time.milliseconds() + timeoutMs);
            answers = settleDeletes();
        }
        answers.forEach(Runnable::run);
        return answer;
    }

    /** The DeleteRecords answers due now; called under the lock, run after it. */
    private List<Runnable> settleDeletes() {
        if (waitingDeletes.isEmpty()) {
            return List.of();
        }
        if (removed || !replica.isLeader()) {
            return waitingDeletes.abandon(() -> new NotLeaderOrFollowerException("Broker " + localBrokerId
                    + " stopped leading " + id.topicPartition() + " before the followers deleted the records."));
        }
        return waitingDeletes.settle(replica.lowWatermark(), time.milliseconds());
    }

    /** As leader: OffsetForLeaderEpoch. */
    public EpochEndOffset endOffsetForEpoch(int epoch, int currentLeaderEpoch) {
        synchronized (lock) {
            if (removed) {
                throw new NotLeaderOrFollowerException("The replica of " + id.topicPartition() + " left this broker.");
            }
            return replica.endOffsetForEpoch(epoch, currentLeaderEpoch);
        }
    }

    /** As follower: the leader answered OffsetForLeaderEpoch. */
    public void onEpochEndOffset(int leaderEpoch, Errors error, EpochEndOffset leaders) {
        run(now -> replica.onEpochEndOffset(leaderEpoch, error, leaders, now));
    }

    /** As follower: the leader answered a fetch. */
    public void onFetchResponse(long fetchOffset, int leaderEpoch, Errors error, MemoryRecords records,
                                long leaderLogStart, long leaderHighWatermark) {
        run(now -> {
            try {
                return replica.onFetchResponse(fetchOffset, leaderEpoch, error, records, leaderLogStart,
                        leaderHighWatermark, now);
            } catch (RuntimeException e) {
                // The leader's batches did not fit this log (corrupt, or not where they belong):
                // nothing was appended; ask again, the leader's answer decides.
                LOG.log(Level.WARNING, "Appending the leader's records to " + id.topicPartition() + " failed", e);
                return replica.onRequestFailed(now);
            }
        });
    }

    /** As follower: a request to the leader got no answer. */
    public void onRequestFailed() {
        run(replica::onRequestFailed);
    }

    /** As leader: the controller answered the ISR change {@code answered}. */
    public void onIsrChangeAnswer(RequestIsrChange answered, Errors error, PartitionState committed) {
        run(now -> replica.onIsrChangeAnswer(answered, error, committed, now));
    }

    /**
     * The replica leaves this broker (topic deleted, replica moved away, broker stopping): it
     * leads nothing any more and producers still waiting are told to look for the leader.
     */
    public void onRemoved() {
        List<CompletableFuture<LogAppendResult>> abandoned;
        List<Runnable> answers;
        synchronized (lock) {
            abandoned = new ArrayList<>(waitingProduces.values());
            waitingProduces.clear();
            view = new View(view.state, view.highWatermark, false);
            removed = true;
            answers = settleDeletes();
        }
        answers.forEach(Runnable::run);
        abandoned.forEach(producer -> producer.completeExceptionally(new NotLeaderOrFollowerException(
                "The replica of " + id.topicPartition() + " left this broker.")));
        finish(List.of());
    }

    /** Time passes: ISR shrinking, producer timeouts, follower retries. */
    public void onTick() {
        run(replica::onTick);
    }

    private interface Event {
        List<ReplicationAction> apply(long now);
    }

    private void run(Event event) {
        List<ReplicationAction> actions;
        List<Runnable> answers;
        synchronized (lock) {
            if (removed) {
                return;
            }
            actions = event.apply(time.milliseconds());
            publish();
            answers = settleDeletes();
        }
        answers.forEach(Runnable::run);
        finish(actions);
    }

    /** After an event that may have moved the log or the high watermark. */
    private void finish(List<ReplicationAction> actions) {
        // Waiting fetches re-read: consumers may now see more, followers may have data.
        if (!appendListeners.isEmpty()) {
            appendListeners.forEach(Runnable::run);
        }
        carryOut(actions);
    }

    /** Publishes the state machine's state for lock-free readers; called under the lock. */
    private void publish() {
        if (removed) {
            return;
        }
        View before = view;
        PartitionState state = replica.state();
        long highWatermark = replica.highWatermark();
        boolean leader = replica.isLeader();
        if (before.state != state || before.highWatermark != highWatermark || before.leader != leader) {
            view = new View(state, highWatermark, leader);
        }
        if (before.state != null && state != null && before.state != state) {
            reportChanges(before.state, state);
        }
    }

    /**
     * Tells the operator about a new leader or ISR, and counts ISR changes. Only the broker that
     * leads after the change reports it, so a cluster logs each change once, not once per replica.
     */
    private void reportChanges(PartitionState before, PartitionState after) {
        if (after.leader() != localBrokerId) {
            return;
        }
        TopicPartition tp = id.topicPartition();
        if (before.leader() != after.leader()) {
            LOG.info(() -> "Leader of " + tp + " changed from broker " + before.leader() + " to broker "
                    + after.leader() + " (leader epoch " + after.leaderEpoch() + ")");
        }
        if (!before.isr().equals(after.isr())) {
            boolean shrank = !after.isr().containsAll(before.isr());
            boolean expanded = !before.isr().containsAll(after.isr());
            if (shrank) {
                metrics.isrShrank();
            }
            if (expanded) {
                metrics.isrExpanded();
            }
            String change = shrank && expanded ? "changed" : shrank ? "shrank" : "expanded";
            LOG.info(() -> "ISR of " + tp + " " + change + " from " + before.isr() + " to " + after.isr());
        }
    }

    private void carryOut(List<ReplicationAction> actions) {
        for (ReplicationAction action : actions) {
            if (action instanceof CompleteProduce done) {
                complete(done);
            } else {
                requests.send(this, action);
            }
        }
    }

    private void complete(CompleteProduce done) {
        CompletableFuture<LogAppendResult> producer;
        synchronized (lock) {
            producer = waitingProduces.remove(done.requestId());
        }
        if (producer == null) {
            return;
        }
        if (done.error() == Errors.NONE) {
            producer.complete(done.result());
        } else if (done.error() == Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND) {
            producer.completeExceptionally(new NotEnoughReplicasAfterAppendException("The ISR of "
                    + id.topicPartition() + " shrank below min.insync.replicas before the records were replicated."));
        } else {
            producer.completeExceptionally(done.error().exception("Waiting for the in-sync replicas of "
                    + id.topicPartition() + " ended: " + done.error().message()));
        }
    }

    // ================================================================ reads (lock-free)

    /**
     * Reads committed records (below the high watermark), whole batches, as the leader.
     *
     * @throws NotLeaderOrFollowerException when this broker does not lead the partition
     * @see PartitionLog#read
     */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) {
        View current = requireLeader();
        return log.read(fetchOffset, maxBytes, current.highWatermark, minOneBatch);
    }

    /** Reads for a follower: everything up to the log end, committed or not. */
    public LogReadResult readForFollower(long fetchOffset, int maxBytes) {
        requireLeader();
        return log.read(fetchOffset, maxBytes, Long.MAX_VALUE, true);
    }

    private View requireLeader() {
        View current = view;
        if (!current.leader) {
            throw new NotLeaderOrFollowerException("This broker does not lead " + id.topicPartition()
                    + (current.state == null || !current.state.hasLeader() ? "." : "; broker "
                    + current.state.leader() + " does."));
        }
        return current;
    }

    /**
     * Calls the listener after every append or move of the high watermark until it is removed.
     * Listeners run on the thread of the event and must only hand work off (a long-polling fetch
     * schedules itself on its own event loop).
     */
    public void addAppendListener(Runnable listener) {
        appendListeners.add(listener);
    }

    public void removeAppendListener(Runnable listener) {
        appendListeners.remove(listener);
    }

    /** The offset below which records are committed and visible to consumers. */
    public long highWatermark() {
        return view.highWatermark;
    }

    /** Without transactions every committed record is stable. */
    public long lastStableOffset() {
        return highWatermark();
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }

    public long sizeInBytes() {
        return log.sizeInBytes();
    }

    /** The first committed record at or after a timestamp. */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) {
        long committed = highWatermark();
        return log.offsetForTimestamp(timestamp).filter(found -> found.offset < committed);
    }

    /** The committed record with the largest timestamp. */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() {
        long committed = highWatermark();
        return log.maxTimestampAndOffset().filter(found -> found.offset < committed);
    }

    public boolean isLeader() {
        return view.leader;
    }

    /** The partition state the replica acts on, or null before the first metadata. */
    public PartitionState state() {
        return view.state;
    }

    /** The leader as the metadata says, or -1 when there is none (or no metadata yet). */
    public int leaderId() {
        PartitionState state = view.state;
        return state == null ? PartitionState.NO_LEADER : state.leader();
    }

    public int leaderEpoch() {
        PartitionState state = view.state;
        return state == null ? 0 : state.leaderEpoch();
    }

    public List<Integer> replicas() {
        PartitionState state = view.state;
        return state == null ? List.of() : state.replicas();
    }

    public List<Integer> inSyncReplicas() {
        PartitionState state = view.state;
        return state == null ? List.of() : state.isr();
    }

    void updateConfig(LogConfig config) {
        log.updateConfig(config);
    }

    PartitionLog log() {
        return log;
    }

    @Override
    public String toString() {
        return "Partition[" + id.topicPartition() + ", " + view + "]";
    }

    /** What lock-free readers see: the state the replica acts on and its high watermark. */
    private record View(PartitionState state, long highWatermark, boolean leader) {
    }
}
