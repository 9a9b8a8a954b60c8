package dev.katka.replication;

import dev.katka.log.LogAppendResult;
import dev.katka.metadata.PartitionState;
import dev.katka.replication.ReplicaLog.EpochEndOffset;
import dev.katka.replication.ReplicationAction.CompleteProduce;
import dev.katka.replication.ReplicationAction.RequestIsrChange;
import dev.katka.replication.ReplicationAction.SendFetch;
import dev.katka.replication.ReplicationAction.SendOffsetForLeaderEpoch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.common.errors.FencedLeaderEpochException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownLeaderEpochException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * One replica of one partition on this broker, as a state machine: leader, follower, or neither,
 * as the metadata says. Methods take an event (with the current time) and return the actions the
 * driver must carry out; the only thing they touch besides their own fields is the replica's
 * {@link ReplicaLog}, whose calls return at once.
 *
 * <p><b>As leader</b> it tracks each follower's fetch position and when it last caught up, keeps
 * the high watermark at the smallest log end offset of the in-sync replicas (never moving it back),
 * asks the controller to shrink the ISR when a follower lags longer than
 * {@code replica.lag.time.max.ms} and to grow it when one reaches the high watermark, and answers
 * acks=all producers once the high watermark passes their records. It deletes records on request
 * (DeleteRecords) up to the high watermark and knows how far every in-sync follower has followed
 * (the low watermark). While an ISR change is under
 * way the high watermark waits for the larger of the two sets (KIP-497), so a record counts as
 * committed only when every replica that may become leader has it.
 *
 * <p><b>As follower</b> of a new leader or leader epoch it first asks the leader where its own
 * last epoch ends (OffsetForLeaderEpoch) and truncates there, then fetches from its log end,
 * appending the leader's batches as they are and taking the leader's high watermark and log
 * start offset as far as its own log reaches.
 *
 * <p>Not thread-safe: the driver calls it from one thread at a time.
 */
public final class PartitionReplica {

    /** How long a follower waits before asking again after a failed request. */
    static final long RETRY_BACKOFF_MS = 100;
    /** How long a follower waits for an answer before it asks again. */
    static final long REQUEST_TIMEOUT_MS = 30_000;
    /** How long a leader waits for the controller to answer an ISR change before it may ask again. */
    static final long ISR_CHANGE_TIMEOUT_MS = 5_000;

    private enum Role { NONE, LEADER, FOLLOWER }

    private enum FollowerPhase { TRUNCATING, FETCHING, WAITING_FOR_METADATA }

    private final int localId;
    private final ReplicaLog log;
    private final long replicaLagTimeMaxMs;

    private Role role = Role.NONE;
    private PartitionState state;
    private int minInsyncReplicas = 1;
    private long highWatermark;

    // leader
    private final Map<Integer, FollowerProgress> followers = new HashMap<>();
    private final PriorityQueue<WaitingProduce> waiting = new PriorityQueue<>();
    private long leaderEpochStartOffset;
    /** The ISR change sent to the controller and not yet answered, or null. */
    private RequestIsrChange isrChangeInFlight;
    private long isrChangeSentAt;

    // follower
    private FollowerPhase phase;
    private boolean requestInFlight;
    private long requestSentAt;
    private long retryAt;
    private long lastTick;

    /**
     * @param highWatermark the high watermark recovered from the last checkpoint (0 for a new replica)
     */
    public PartitionReplica(int localId, ReplicaLog log, long replicaLagTimeMaxMs, long highWatermark) {
        this.localId = localId;
        this.log = log;
        this.replicaLagTimeMaxMs = replicaLagTimeMaxMs;
        this.highWatermark = Math.min(highWatermark, log.logEndOffset());
    }

    // ================================================================ metadata

    /** The metadata changed this partition (or this broker just started): take the role it gives. */
    public List<ReplicationAction> onMetadata(PartitionState newState, int minInsync, long now) {
        PartitionState previous = state;
        if (previous != null && newState.leaderEpoch() == previous.leaderEpoch()
                && newState.partitionEpoch() < previous.partitionEpoch()) {
            // The controller's answer to our ISR change came before the metadata that carries it.
            minInsyncReplicas = minInsync;
            return new ArrayList<>();
        }
        state = newState;
        minInsyncReplicas = minInsync;
        List<ReplicationAction> actions = new ArrayList<>();
        if (newState.leader() == localId) {
            boolean sameLeadership = role == Role.LEADER && previous.leaderEpoch() == newState.leaderEpoch();
            if (!sameLeadership) {
                becomeLeader(now, actions);
            } else {
                followReplicaChanges(now);
                if (isrChangeInFlight != null && newState.partitionEpoch() != previous.partitionEpoch()) {
                    isrChangeInFlight = null;
                }
            }
            maybeAdvanceHighWatermark(actions);
            failWaitingIfIsrTooSmall(actions);
        } else if (newState.replicas().contains(localId) && newState.hasLeader()) {
            boolean sameLeadership = role == Role.FOLLOWER && previous.leader() == newState.leader()
                    && previous.leaderEpoch() == newState.leaderEpoch();
            if (!sameLeadership) {
                becomeFollower(now, actions);
            }
        } else {
            stepDown(actions, Errors.NOT_LEADER_OR_FOLLOWER);
            role = Role.NONE;
        }
        return actions;
    }

    private void becomeLeader(long now, List<ReplicationAction> actions) {
        stepDown(actions, Errors.NOT_LEADER_OR_FOLLOWER);
        role = Role.LEADER;
        leaderEpochStartOffset = log.logEndOffset();
        isrChangeInFlight = null;
        followers.clear();
        for (int replica : state.replicas()) {
            if (replica != localId) {
                // Unknown positions; in-sync replicas get a fresh lag allowance (Kafka does the same).
                followers.put(replica, new FollowerProgress(-1, state.isr().contains(replica) ? now : 0));
            }
        }
    }

    private void becomeFollower(long now, List<ReplicationAction> actions) {
        stepDown(actions, Errors.NOT_LEADER_OR_FOLLOWER);
        role = Role.FOLLOWER;
        requestInFlight = false;
        retryAt = now;
        if (log.latestEpoch() < 0) {
            phase = FollowerPhase.FETCHING;
        } else {
            phase = FollowerPhase.TRUNCATING;
        }
        sendNext(now, actions);
    }

    /**
     * A reassignment changes the replicas under the same leadership: a replica that arrives is a
     * follower to track from now on (out of sync until it catches up), one that leaves is no longer.
     */
    private void followReplicaChanges(long now) {
        for (int replica : state.replicas()) {
            if (replica != localId && !followers.containsKey(replica)) {
                followers.put(replica, new FollowerProgress(-1, state.isr().contains(replica) ? now : 0));
            }
        }
        followers.keySet().retainAll(state.replicas());
    }

    /** Leaves the leader role: producers still waiting are told to look for the new leader. */
    private void stepDown(List<ReplicationAction> actions, Errors error) {
        while (!waiting.isEmpty()) {
            WaitingProduce produce = waiting.poll();
            actions.add(new CompleteProduce(produce.requestId, error, produce.result));
        }
        followers.clear();
        isrChangeInFlight = null;
    }

    // ================================================================ leader

    /**
     * Appends a producer's records as leader.
     *
     * @param acks      -1 (all), 0 or 1
     * @param requestId names the producer's request in the {@link CompleteProduce} that answers
     *                  acks=all once the records are committed
     * @return the append (the caller answers acks 0 and 1 at once; acks=all waits for a
     *         {@link CompleteProduce})
     * @throws NotLeaderOrFollowerException when this replica does not lead
     * @throws NotEnoughReplicasException   when acks=all and the ISR is smaller than
     *                                      {@code min.insync.replicas}; nothing was appended
     */
    public Appended appendAsLeader(MemoryRecords records, short acks, long requestId, long deadline,
                                   List<ReplicationAction> actions) {
        requireLeader();
        if (acks == -1 && state.isr().size() < minInsyncReplicas) {
            throw new NotEnoughReplicasException("The ISR " + state.isr() + " is smaller than min.insync.replicas "
                    + minInsyncReplicas + ".");
        }
        LogAppendResult result = log.appendAsLeader(records, state.leaderEpoch());
        maybeAdvanceHighWatermark(actions);
        boolean committed = highWatermark > result.lastOffset();
        if (acks == -1 && !committed) {
            waiting.add(new WaitingProduce(result.lastOffset() + 1, deadline, requestId, result));
        }
        return new Appended(result, acks != -1 || committed);
    }

    /** The result of an append; {@code complete} when the producer may be answered now. */
    public record Appended(LogAppendResult result, boolean complete) {
    }

    /**
     * DeleteRecords, as leader: the records below {@code offset} go.
     *
     * @param offset the new log start, or -1 for the high watermark
     * @return the offset the records were deleted below: {@code offset}, or the high watermark for -1
     * @throws NotLeaderOrFollowerException when this replica does not lead
     * @throws OffsetOutOfRangeException    when {@code offset} is above the high watermark (followers
     *                                      may not have those records yet) or negative but not -1
     */
    public long deleteRecordsBefore(long offset) {
        requireLeader();
        long target = offset == -1 ? highWatermark : offset;
        if (target < 0 || target > highWatermark) {
            throw new OffsetOutOfRangeException("Cannot delete the records below offset " + offset
                    + ": it must lie between 0 and the high watermark " + highWatermark + " (or be -1 for it)");
        }
        log.advanceLogStartOffset(target);
        return target;
    }

    /**
     * As leader: the smallest log start offset among this replica and the followers that are
     * alive as far as it can tell (the in-sync ones, and any other that fetched within
     * {@code replica.lag.time.max.ms}), as their fetches last reported it (-1 while one has not
     * reported yet). A DeleteRecords is complete once it reaches the offset asked for. Kafka
     * counts every replica on a live broker: a follower that fell out of the ISR but still
     * fetches would otherwise keep the deleted records after the answer said they were gone.
     */
    public long lowWatermark() {
        requireLeader();
        long low = log.logStartOffset();
        for (Map.Entry<Integer, FollowerProgress> follower : followers.entrySet()) {
            FollowerProgress progress = follower.getValue();
            boolean fetching = progress.logStartOffset >= 0 && lastTick - progress.lastFetchAt <= replicaLagTimeMaxMs;
            if (state.isr().contains(follower.getKey()) || fetching) {
                low = Math.min(low, progress.logStartOffset);
            }
        }
        return low;
    }

    /**
     * A follower fetched from {@code fetchOffset}: records its progress, may grow the ISR and
     * advance the high watermark.
     *
     * @throws FencedLeaderEpochException  when the follower is behind this leader's epoch
     * @throws UnknownLeaderEpochException when it is ahead (this broker has not caught up yet)
     * @throws NotLeaderOrFollowerException when this replica does not lead, or the fetcher is no replica
     */
    public void onFollowerFetch(int follower, long fetchOffset, long followerLogStart, int currentLeaderEpoch,
                                long now, List<ReplicationAction> actions) {
        requireLeader();
        checkEpoch(currentLeaderEpoch);
        FollowerProgress progress = followers.get(follower);
        if (progress == null) {
            throw new NotLeaderOrFollowerException("Broker " + follower + " holds no replica of this partition.");
        }
        long leaderEnd = log.logEndOffset();
        if (fetchOffset >= leaderEnd) {
            progress.lastCaughtUpAt = now;
        } else if (fetchOffset >= progress.leaderEndAtLastFetch) {
            progress.lastCaughtUpAt = progress.lastFetchAt;
        }
        progress.logEndOffset = fetchOffset;
        progress.logStartOffset = followerLogStart;
        progress.leaderEndAtLastFetch = leaderEnd;
        progress.lastFetchAt = now;
        maybeExpandIsr(follower, actions);
        maybeAdvanceHighWatermark(actions);
    }

    /**
     * The controller answered an ISR change: its state stands until the metadata brings a newer
     * one. An answer to another request than the one in flight is ignored: it comes late (the
     * metadata brought its outcome first, and a new change was sent since), and taking it for the
     * answer to the change in flight would forget that one while the controller may still commit
     * it: an expansion whose joining replica no longer held back the high watermark, and records
     * acknowledged without it, although the controller could make it leader.
     *
     * @param answered the request this answers, as the leader sent it
     */
    public List<ReplicationAction> onIsrChangeAnswer(RequestIsrChange answered, Errors error, PartitionState committed,
                                                     long now) {
        List<ReplicationAction> actions = new ArrayList<>();
        if (role != Role.LEADER || !answered.equals(isrChangeInFlight)) {
            return actions;
        }
        isrChangeInFlight = null;
        if (error == Errors.NONE && committed != null && committed.leaderEpoch() == state.leaderEpoch()
                && committed.partitionEpoch() > state.partitionEpoch()) {
            state = committed;
            maybeAdvanceHighWatermark(actions);
            failWaitingIfIsrTooSmall(actions);
        }
        return actions;
    }

    private void maybeExpandIsr(int follower, List<ReplicationAction> actions) {
        FollowerProgress progress = followers.get(follower);
        if (state.isr().contains(follower) || isrChangeInFlight != null) {
            return;
        }
        if (progress.logEndOffset >= highWatermark && progress.logEndOffset >= leaderEpochStartOffset) {
            List<Integer> grown = new ArrayList<>(state.isr());
            grown.add(follower);
            requestIsrChange(grown, actions);
        }
    }

    private void maybeShrinkIsr(long now, List<ReplicationAction> actions) {
        if (isrChangeInFlight != null && now - isrChangeSentAt > ISR_CHANGE_TIMEOUT_MS) {
            isrChangeInFlight = null; // unanswered: the controller moved or the request was lost
        }
        if (isrChangeInFlight != null) {
            return;
        }
        List<Integer> kept = new ArrayList<>();
        for (int member : state.isr()) {
            FollowerProgress progress = followers.get(member);
            boolean lagging = progress != null && now - progress.lastCaughtUpAt > replicaLagTimeMaxMs;
            if (member == localId || !lagging) {
                kept.add(member);
            }
        }
        if (kept.size() < state.isr().size()) {
            requestIsrChange(kept, actions);
        }
    }

    private void requestIsrChange(List<Integer> newIsr, List<ReplicationAction> actions) {
        isrChangeInFlight = new RequestIsrChange(state.leaderEpoch(), state.partitionEpoch(), List.copyOf(newIsr));
        isrChangeSentAt = lastTick;
        actions.add(isrChangeInFlight);
    }

    /**
     * Moves the high watermark to the smallest log end offset among the replicas that count:
     * the ISR, and during an expansion the joining replica too. Answers producers it passes.
     */
    private void maybeAdvanceHighWatermark(List<ReplicationAction> actions) {
        if (role != Role.LEADER) {
            return;
        }
        Set<Integer> counted = new LinkedHashSet<>(state.isr());
        if (isrChangeInFlight != null) {
            counted.addAll(isrChangeInFlight.newIsr());
        }
        long smallest = log.logEndOffset();
        for (int member : counted) {
            if (member != localId) {
                FollowerProgress progress = followers.get(member);
                smallest = Math.min(smallest, progress == null ? -1 : progress.logEndOffset);
            }
        }
        // Follower positions are unknown (-1) until each has fetched in this leader epoch, after
        // truncating to where its log agrees with ours: only then does its offset vouch for a prefix.
        if (smallest > highWatermark) {
            highWatermark = smallest;
        }
        // Committed is not enough: acks=all promises min.insync.replicas copies (Kafka's rule), and
        // a high watermark that moved because the ISR shrank does not keep that promise.
        Errors outcome = state.isr().size() >= minInsyncReplicas ? Errors.NONE : Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND;
        while (!waiting.isEmpty() && waiting.peek().requiredOffset <= highWatermark) {
            WaitingProduce produce = waiting.poll();
            actions.add(new CompleteProduce(produce.requestId, outcome, produce.result));
        }
    }

    /** acks=all producers whose records the ISR can no longer commit as required are told so. */
    private void failWaitingIfIsrTooSmall(List<ReplicationAction> actions) {
        if (state.isr().size() >= minInsyncReplicas) {
            return;
        }
        while (!waiting.isEmpty()) {
            WaitingProduce produce = waiting.poll();
            actions.add(new CompleteProduce(produce.requestId, Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND, produce.result));
        }
    }

    private void checkEpoch(int requestEpoch) {
        LeaderEpochs.check(requestEpoch, state.leaderEpoch(), "this partition");
    }

    private void requireLeader() {
        if (role != Role.LEADER) {
            throw new NotLeaderOrFollowerException("Broker " + localId + " does not lead this partition"
                    + (state == null || !state.hasLeader() ? "." : "; broker " + state.leader() + " does."));
        }
    }

    /** OffsetForLeaderEpoch, as leader: where {@code epoch} ends in this log. */
    public EpochEndOffset endOffsetForEpoch(int epoch, int currentLeaderEpoch) {
        requireLeader();
        checkEpoch(currentLeaderEpoch);
        return log.endOffsetForEpoch(epoch);
    }

    // ================================================================ follower

    /** The leader answered OffsetForLeaderEpoch: truncate to where our histories part, then fetch. */
    public List<ReplicationAction> onEpochEndOffset(int leaderEpoch, Errors error, EpochEndOffset leaders, long now) {
        List<ReplicationAction> actions = new ArrayList<>();
        if (role != Role.FOLLOWER || phase != FollowerPhase.TRUNCATING || leaderEpoch != state.leaderEpoch()) {
            return actions;
        }
        requestInFlight = false;
        if (error != Errors.NONE) {
            afterError(error, now);
            return actions;
        }
        long end = log.logEndOffset();
        long truncateTo;
        boolean agreed = true;
        if (!leaders.isDefined()) {
            // The leader holds nothing of our epochs: only what was committed is surely its too.
            truncateTo = highWatermark;
        } else {
            EpochEndOffset ours = log.endOffsetForEpoch(leaders.epoch());
            if (!ours.isDefined()) {
                truncateTo = Math.min(leaders.endOffset(), end);
            } else if (ours.epoch() != leaders.epoch()) {
                // We never had the leader's epoch: cut back to where our own older epoch ends and ask again.
                truncateTo = Math.min(ours.endOffset(), end);
                agreed = false;
            } else {
                truncateTo = Math.min(Math.min(leaders.endOffset(), ours.endOffset()), end);
            }
        }
        if (truncateTo < end) {
            log.truncateTo(truncateTo);
            highWatermark = Math.min(highWatermark, log.logEndOffset());
        }
        if (!agreed && log.latestEpoch() >= 0) {
            sendNext(now, actions);
            return actions;
        }
        phase = FollowerPhase.FETCHING;
        sendNext(now, actions);
        return actions;
    }

    /**
     * The leader answered our fetch.
     *
     * @param fetchOffset       the offset the answered fetch asked for
     * @param leaderEpoch       the leader epoch the answered fetch was sent in
     * @param records           the leader's batches from our fetch offset (may be empty)
     * @param leaderLogStart    the leader's log start offset
     * @param leaderHighWatermark the leader's high watermark
     */
    public List<ReplicationAction> onFetchResponse(long fetchOffset, int leaderEpoch, Errors error, MemoryRecords records,
                                                   long leaderLogStart, long leaderHighWatermark, long now) {
        List<ReplicationAction> actions = new ArrayList<>();
        if (role != Role.FOLLOWER || phase != FollowerPhase.FETCHING || leaderEpoch != state.leaderEpoch()
                || fetchOffset != log.logEndOffset()) {
            return actions; // an answer to a request this replica no longer waits for
        }
        requestInFlight = false;
        if (error == Errors.OFFSET_OUT_OF_RANGE && log.logEndOffset() < leaderLogStart) {
            log.truncateFullyAndStartAt(leaderLogStart);
            highWatermark = Math.max(highWatermark, leaderLogStart);
            sendNext(now, actions);
            return actions;
        }
        if (error != Errors.NONE) {
            afterError(error, now);
            return actions;
        }
        if (records.sizeInBytes() > 0) {
            log.appendAsFollower(records);
        }
        long candidate = Math.min(leaderHighWatermark, log.logEndOffset());
        if (candidate > highWatermark) {
            highWatermark = candidate;
        }
        // The leader deleted records (DeleteRecords, retention): so does this replica, as far as it has them.
        long start = Math.min(leaderLogStart, highWatermark);
        if (start > log.logStartOffset()) {
            log.advanceLogStartOffset(start);
        }
        sendNext(now, actions);
        return actions;
    }

    /** A follower's request to the leader failed (the connection broke): ask again after a pause. */
    public List<ReplicationAction> onRequestFailed(long now) {
        List<ReplicationAction> actions = new ArrayList<>();
        if (role == Role.FOLLOWER && requestInFlight) {
            requestInFlight = false;
            retryAt = now + RETRY_BACKOFF_MS;
        }
        return actions;
    }

    private void afterError(Errors error, long now) {
        if (error == Errors.FENCED_LEADER_EPOCH) {
            // The leader is in a later epoch than our metadata: the next metadata change restarts us.
            phase = FollowerPhase.WAITING_FOR_METADATA;
        }
        // Others (the leader has not applied the metadata yet, a lost request) are worth a retry.
        retryAt = now + RETRY_BACKOFF_MS;
    }

    private void sendNext(long now, List<ReplicationAction> actions) {
        if (role != Role.FOLLOWER || requestInFlight || now < retryAt) {
            return;
        }
        if (phase == FollowerPhase.TRUNCATING) {
            actions.add(new SendOffsetForLeaderEpoch(state.leader(), log.latestEpoch(), state.leaderEpoch()));
        } else if (phase == FollowerPhase.FETCHING) {
            actions.add(new SendFetch(state.leader(), log.logEndOffset(), log.logStartOffset(), state.leaderEpoch()));
        } else {
            return;
        }
        requestInFlight = true;
        requestSentAt = now;
    }

    // ================================================================ time

    /**
     * Time passes: a leader shrinks the ISR of laggards and times out waiting producers; a
     * follower retries or resends what went unanswered.
     */
    public List<ReplicationAction> onTick(long now) {
        List<ReplicationAction> actions = new ArrayList<>();
        if (role == Role.LEADER) {
            lastTick = now;
            maybeShrinkIsr(now, actions);
            expireWaiting(now, actions);
        } else if (role == Role.FOLLOWER) {
            if (requestInFlight && now - requestSentAt > REQUEST_TIMEOUT_MS) {
                requestInFlight = false;
            }
            sendNext(now, actions);
        }
        return actions;
    }

    private void expireWaiting(long now, List<ReplicationAction> actions) {
        Iterator<WaitingProduce> it = waiting.iterator();
        List<WaitingProduce> expired = new ArrayList<>();
        while (it.hasNext()) {
            WaitingProduce produce = it.next();
            if (produce.deadline <= now) {
                expired.add(produce);
                it.remove();
            }
        }
        expired.forEach(p -> actions.add(new CompleteProduce(p.requestId, Errors.REQUEST_TIMED_OUT, p.result)));
    }

    // ================================================================ queries

    public boolean isLeader() {
        return role == Role.LEADER;
    }

    public boolean isFollower() {
        return role == Role.FOLLOWER;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The partition state this replica acts on (from the metadata, or the controller's last answer). */
    public PartitionState state() {
        return state;
    }

    public ReplicaLog log() {
        return log;
    }

    @Override
    public String toString() {
        return "PartitionReplica[" + role + (role == Role.FOLLOWER ? " " + phase + (requestInFlight ? " in flight" : "") : "")
                + ", hw " + highWatermark + ", end " + log.logEndOffset() + ", " + state + "]";
    }

    /** A follower's position as the leader last saw it. */
    private static final class FollowerProgress {
        long logEndOffset;
        /** As the follower's last fetch said; -1 before the first. */
        long logStartOffset = -1;
        long lastCaughtUpAt;
        long lastFetchAt;
        long leaderEndAtLastFetch;

        FollowerProgress(long logEndOffset, long lastCaughtUpAt) {
            this.logEndOffset = logEndOffset;
            this.lastCaughtUpAt = lastCaughtUpAt;
        }
    }

    /** An acks=all producer waiting until the high watermark reaches {@code requiredOffset}. */
    private record WaitingProduce(long requiredOffset, long deadline, long requestId, LogAppendResult result)
            implements Comparable<WaitingProduce> {
        @Override
        public int compareTo(WaitingProduce other) {
            return Long.compare(requiredOffset, other.requiredOffset);
        }
    }
}
