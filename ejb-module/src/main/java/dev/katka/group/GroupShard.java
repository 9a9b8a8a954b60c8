package dev.katka.group;

import dev.katka.config.GroupSettings;
import dev.katka.group.GroupAction.Respond;
import dev.katka.group.GroupAction.Write;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;

/**
 * The classic group coordinator for the groups of one {@code __consumer_offsets} partition: a
 * state machine with Kafka's semantics (Kafka's {@code GroupMetadataManager} and
 * {@code ClassicGroup}).
 *
 * <p>Each event (a request with the id its driver gave it, a tick of time, a write's outcome, a
 * record replayed from the log) returns the actions it causes: responses, some of them to requests
 * received earlier (a JoinGroup waits for the rebalance), and records to append. There are no
 * threads, sockets or clock in here: time comes with every event, and timers are deadlines
 * checked by {@link #onTick}. Committed offsets and group metadata change only once their records
 * are written (acks=all); until then the request waits.
 *
 * <p>Not thread-safe: the driver ({@link GroupCoordinator}) calls it from one thread.
 */
public final class GroupShard {

    private static final Logger LOG = Logger.getLogger(GroupShard.class.getName());
    private static final byte[] NO_BYTES = new byte[0];

    private final GroupSettings settings;
    private final Map<String, ClassicGroup> groups = new HashMap<>();
    /** What to do when a write completes, by write id. */
    private final Map<Long, Consumer<Errors>> pendingWrites = new HashMap<>();
    private long nextWriteId;
    /** The actions of the event being handled. */
    private List<GroupAction> actions = new ArrayList<>();
    /** The time of the event being handled. */
    private long now;
    /** When {@link #onTick} next looks for expired offsets. */
    private long nextRetentionCheck;

    public GroupShard(GroupSettings settings) {
        this.settings = settings;
    }

    // ================================================================ JoinGroup

    /**
     * A member joins (or rejoins). The answer comes when the rebalance completes, or at once for a
     * refusal or, from v4 on, for a new member without id: MEMBER_ID_REQUIRED with its id.
     */
    public List<GroupAction> onJoin(long requestId, short version, JoinGroupRequestData request, String clientId,
                                    String clientHost, long now) {
        begin(now);
        Errors invalid = validateJoin(request);
        if (invalid != Errors.NONE) {
            return respondJoinError(requestId, request.memberId(), invalid);
        }
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            group = new ClassicGroup(request.groupId(), now);
            groups.put(group.groupId, group);
        }
        if (group.is(GroupState.DEAD)) {
            return respondJoinError(requestId, request.memberId(), Errors.COORDINATOR_NOT_AVAILABLE);
        }
        Map<String, byte[]> protocols = protocols(request);
        if (!group.supports(request.protocolType(), protocols.keySet())) {
            return respondJoinError(requestId, request.memberId(), Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        boolean unknown = JoinGroupRequest.UNKNOWN_MEMBER_ID.equals(request.memberId());
        String instanceId = request.groupInstanceId();
        if (unknown && instanceId != null && group.staticMembers.containsKey(instanceId)) {
            rejoinStatic(group, requestId, version, request, clientId, clientHost, protocols);
        } else if (unknown && group.size() >= settings.maxSize()) {
            return respondJoinError(requestId, request.memberId(), Errors.GROUP_MAX_SIZE_REACHED);
        } else if (unknown) {
            String memberId = clientId + "-" + UUID.randomUUID();
            if (instanceId == null && JoinGroupRequest.requiresKnownMemberId(version)) {
                // Kafka's two-step join: the member learns its id first, so a join that times out
                // on the client never leaves an orphan member behind.
                group.pendingMembers.put(memberId, now + request.sessionTimeoutMs());
                return respondJoinError(requestId, memberId, Errors.MEMBER_ID_REQUIRED);
            }
            addMember(group, memberId, requestId, version, request, clientId, clientHost, protocols);
        } else {
            joinKnown(group, requestId, version, request, clientId, clientHost, protocols);
        }
        return done();
    }

    private Errors validateJoin(JoinGroupRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        if (request.sessionTimeoutMs() < settings.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > settings.maxSessionTimeoutMs()) {
            return Errors.INVALID_SESSION_TIMEOUT;
        }
        if (request.protocolType() == null || request.protocolType().isEmpty() || request.protocols().isEmpty()) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        return Errors.NONE;
    }

    private static Map<String, byte[]> protocols(JoinGroupRequestData request) {
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        for (JoinGroupRequestProtocol protocol : request.protocols()) {
            protocols.putIfAbsent(protocol.name(), protocol.metadata());
        }
        return protocols;
    }

    private void addMember(ClassicGroup group, String memberId, long requestId, short version,
                           JoinGroupRequestData request, String clientId, String clientHost,
                           Map<String, byte[]> protocols) {
        group.pendingMembers.remove(memberId);
        GroupMember member = new GroupMember(memberId, request.groupInstanceId(), clientId, clientHost,
                rebalanceTimeout(request), request.sessionTimeoutMs(), request.protocolType(), protocols);
        if (group.members.isEmpty()) {
            group.protocolType = request.protocolType();
        }
        group.members.put(memberId, member);
        if (member.groupInstanceId() != null) {
            group.staticMembers.put(member.groupInstanceId(), memberId);
        }
        if (group.leaderId == null) {
            group.leaderId = memberId;
        }
        member.awaitJoin(requestId, version);
        member.heartbeat(now);
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            extendInitialDelay(group);
            tryCompleteJoin(group);
        } else {
            prepareRebalance(group);
        }
    }

    private static int rebalanceTimeout(JoinGroupRequestData request) {
        // Version 0 has no rebalance timeout: the session timeout stood for both.
        return request.rebalanceTimeoutMs() > 0 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs();
    }

    private void joinKnown(ClassicGroup group, long requestId, short version, JoinGroupRequestData request,
                           String clientId, String clientHost, Map<String, byte[]> protocols) {
        String memberId = request.memberId();
        if (request.groupInstanceId() != null
                && !memberId.equals(group.staticMembers.get(request.groupInstanceId()))) {
            respondJoinError(requestId, memberId, Errors.FENCED_INSTANCE_ID);
            return;
        }
        if (group.pendingMembers.containsKey(memberId)) {
            addMember(group, memberId, requestId, version, request, clientId, clientHost, protocols);
            return;
        }
        GroupMember member = group.member(memberId);
        if (member == null || group.is(GroupState.EMPTY)) {
            respondJoinError(requestId, memberId, Errors.UNKNOWN_MEMBER_ID);
            return;
        }
        member.heartbeat(now);
        boolean unchanged = member.sameProtocols(request.protocolType(), protocols);
        switch (group.state) {
            case PREPARING_REBALANCE -> {
                updateAndAwait(member, requestId, version, request, clientId, clientHost, protocols);
                tryCompleteJoin(group);
            }
            case COMPLETING_REBALANCE -> {
                if (unchanged) {
                    // The member lost the response: the generation it missed is still current.
                    respond(requestId, joinResponse(group, member));
                } else {
                    updateAndAwait(member, requestId, version, request, clientId, clientHost, protocols);
                    prepareRebalance(group);
                }
            }
            case STABLE -> {
                if (unchanged && !memberId.equals(group.leaderId)) {
                    respond(requestId, joinResponse(group, member));
                } else {
                    // The leader rejoins to have the assignment computed again (new topics, say).
                    updateAndAwait(member, requestId, version, request, clientId, clientHost, protocols);
                    prepareRebalance(group);
                }
            }
            default -> respondJoinError(requestId, memberId, Errors.UNKNOWN_MEMBER_ID);
        }
    }

    private void updateAndAwait(GroupMember member, long requestId, short version, JoinGroupRequestData request,
                                String clientId, String clientHost, Map<String, byte[]> protocols) {
        if (member.joinRequest() != null && member.joinRequest() != requestId) {
            // A second join replaces the first, which will never be answered otherwise.
            respondJoinError(member.joinRequest(), member.memberId(), Errors.REBALANCE_IN_PROGRESS);
        }
        member.update(clientId, clientHost, rebalanceTimeout(request), request.sessionTimeoutMs(),
                request.protocolType(), protocols);
        member.awaitJoin(requestId, version);
    }

    /**
     * A static member restarted: it comes back with its {@code group.instance.id} but without a
     * member id. It takes over its old member's place under a new id, and the old id is fenced.
     * A stable group keeps its assignment unless the member is the leader or changed protocols.
     */
    private void rejoinStatic(ClassicGroup group, long requestId, short version, JoinGroupRequestData request,
                              String clientId, String clientHost, Map<String, byte[]> protocols) {
        String oldId = group.staticMembers.get(request.groupInstanceId());
        GroupMember member = group.members.remove(oldId);
        String newId = clientId + "-" + UUID.randomUUID();
        fence(member, Errors.FENCED_INSTANCE_ID);
        member.renameTo(newId);
        group.members.put(newId, member);
        group.staticMembers.put(request.groupInstanceId(), newId);
        boolean wasLeader = oldId.equals(group.leaderId);
        if (wasLeader) {
            group.leaderId = newId;
        }
        member.heartbeat(now);
        boolean unchanged = member.sameProtocols(request.protocolType(), protocols);
        if (group.is(GroupState.STABLE) && unchanged && !wasLeader) {
            member.update(clientId, clientHost, rebalanceTimeout(request), request.sessionTimeoutMs(),
                    request.protocolType(), protocols);
            int generation = group.generationId;
            write(List.of(GroupRecords.groupMetadata(group, now)), error -> {
                if (error != Errors.NONE) {
                    respondJoinError(requestId, newId, error);
                } else if (group.generationId == generation && group.members.get(newId) == member) {
                    respond(requestId, joinResponse(group, member));
                } else {
                    respondJoinError(requestId, newId, Errors.REBALANCE_IN_PROGRESS);
                }
            });
            return;
        }
        updateAndAwait(member, requestId, version, request, clientId, clientHost, protocols);
        if (group.is(GroupState.PREPARING_REBALANCE)) {
            tryCompleteJoin(group);
        } else {
            prepareRebalance(group);
        }
    }

    /** Answers whatever an old incarnation of a member is still waiting for. */
    private void fence(GroupMember member, Errors error) {
        if (member.joinRequest() != null) {
            respondJoinError(member.joinRequest(), member.memberId(), error);
            member.awaitJoin(null, (short) 0);
        }
        if (member.syncRequest() != null) {
            respond(member.syncRequest(), new SyncGroupResponseData().setErrorCode(error.code()));
            member.awaitSync(null);
        }
    }

    // ================================================================ rebalancing

    private void prepareRebalance(ClassicGroup group) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            resetAssignments(group, Errors.REBALANCE_IN_PROGRESS);
        }
        boolean initial = group.is(GroupState.EMPTY);
        group.enter(GroupState.PREPARING_REBALANCE, now);
        group.rebalanceDeadline = now + group.rebalanceTimeoutMs();
        group.initialDelay = initial && settings.initialRebalanceDelayMs() > 0;
        if (group.initialDelay) {
            group.initialDelayUntil = Math.min(now + settings.initialRebalanceDelayMs(), group.rebalanceDeadline);
        }
        tryCompleteJoin(group);
    }

    /** Each member joining an empty group restarts the delay, up to the rebalance timeout. */
    private void extendInitialDelay(ClassicGroup group) {
        if (group.initialDelay) {
            group.initialDelayUntil = Math.min(now + settings.initialRebalanceDelayMs(), group.rebalanceDeadline);
        }
    }

    private void resetAssignments(ClassicGroup group, Errors toWaitingSyncs) {
        for (GroupMember member : group.members.values()) {
            member.assign(NO_BYTES);
            if (member.syncRequest() != null) {
                respond(member.syncRequest(), new SyncGroupResponseData().setErrorCode(toWaitingSyncs.code()));
                member.awaitSync(null);
            }
        }
    }

    private void tryCompleteJoin(ClassicGroup group) {
        if (!group.is(GroupState.PREPARING_REBALANCE)) {
            return;
        }
        if (group.initialDelay && now < group.initialDelayUntil) {
            return;
        }
        if (group.allMembersJoined()) {
            completeJoin(group);
        }
    }

    /** The rebalance timed out: members that did not rejoin are out. */
    private void expireRebalance(ClassicGroup group) {
        group.pendingMembers.clear();
        for (GroupMember member : new ArrayList<>(group.members.values())) {
            if (!member.isAwaitingJoin()) {
                removeMember(group, member);
            }
        }
        completeJoin(group);
    }

    private void completeJoin(ClassicGroup group) {
        group.initialDelay = false;
        group.generationId++;
        if (group.members.isEmpty()) {
            group.enter(GroupState.EMPTY, now);
            group.protocolName = null;
            group.leaderId = null;
            write(List.of(GroupRecords.groupMetadata(group, now)), error -> { });
            return;
        }
        group.protocolName = group.selectProtocol();
        if (group.leaderId == null || !group.members.containsKey(group.leaderId)) {
            group.leaderId = group.members.keySet().iterator().next();
        }
        group.enter(GroupState.COMPLETING_REBALANCE, now);
        for (GroupMember member : group.awaitingJoin()) {
            respond(member.joinRequest(), joinResponse(group, member));
            member.awaitJoin(null, (short) 0);
            member.heartbeat(now);
        }
    }

    /** The current generation as {@code member} sees it: the leader also gets every member's metadata. */
    private static JoinGroupResponseData joinResponse(ClassicGroup group, GroupMember member) {
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setGenerationId(group.generationId)
                .setProtocolType(group.protocolType)
                .setProtocolName(group.protocolName)
                .setLeader(group.leaderId)
                .setMemberId(member.memberId());
        if (member.memberId().equals(group.leaderId)) {
            List<JoinGroupResponseMember> members = new ArrayList<>();
            for (GroupMember each : group.members.values()) {
                members.add(new JoinGroupResponseMember()
                        .setMemberId(each.memberId())
                        .setGroupInstanceId(each.groupInstanceId())
                        .setMetadata(each.metadata(group.protocolName)));
            }
            response.setMembers(members);
        }
        return response;
    }

    private List<GroupAction> respondJoinError(long requestId, String memberId, Errors error) {
        respond(requestId, new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setGenerationId(JoinGroupRequest.UNKNOWN_GENERATION_ID)
                .setProtocolName(null)
                .setMemberId(memberId == null ? JoinGroupRequest.UNKNOWN_MEMBER_ID : memberId)
                .setLeader(""));
        return done();
    }

    // ================================================================ SyncGroup

    /** A member asks for its assignment; the leader brings everyone's. */
    public List<GroupAction> onSync(long requestId, SyncGroupRequestData request, long now) {
        begin(now);
        ClassicGroup group = groups.get(request.groupId());
        Errors error = validateMember(group, request.memberId(), request.groupInstanceId(), request.generationId());
        if (error == Errors.NONE && (mismatched(request.protocolType(), group.protocolType)
                || mismatched(request.protocolName(), group.protocolName))) {
            error = Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (error == Errors.NONE && group.is(GroupState.PREPARING_REBALANCE)) {
            error = Errors.REBALANCE_IN_PROGRESS;
        }
        if (error != Errors.NONE) {
            respond(requestId, new SyncGroupResponseData().setErrorCode(error.code()));
            return done();
        }
        GroupMember member = group.member(request.memberId());
        member.heartbeat(now);
        if (group.is(GroupState.STABLE)) {
            respond(requestId, syncResponse(group, member));
            return done();
        }
        // COMPLETING_REBALANCE
        if (member.syncRequest() != null) {
            respond(member.syncRequest(), new SyncGroupResponseData().setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
        }
        member.awaitSync(requestId);
        if (member.memberId().equals(group.leaderId)) {
            acceptAssignment(group, request.assignments());
        }
        return done();
    }

    private static boolean mismatched(String requested, String actual) {
        return requested != null && !requested.equals(actual);
    }

    private void acceptAssignment(ClassicGroup group, List<SyncGroupRequestAssignment> assignments) {
        Map<String, byte[]> byMember = new HashMap<>();
        for (SyncGroupRequestAssignment assignment : assignments) {
            byMember.put(assignment.memberId(), assignment.assignment());
        }
        group.members.values().forEach(m -> m.assign(byMember.get(m.memberId())));
        int generation = group.generationId;
        write(List.of(GroupRecords.groupMetadata(group, now)), error -> {
            if (group.generationId != generation || !group.is(GroupState.COMPLETING_REBALANCE)) {
                return; // a new rebalance began meanwhile and answered the waiting members
            }
            if (error != Errors.NONE) {
                resetAssignments(group, error);
                prepareRebalance(group);
                return;
            }
            group.enter(GroupState.STABLE, now);
            for (GroupMember member : group.members.values()) {
                if (member.syncRequest() != null) {
                    respond(member.syncRequest(), syncResponse(group, member));
                    member.awaitSync(null);
                }
            }
        });
    }

    private static SyncGroupResponseData syncResponse(ClassicGroup group, GroupMember member) {
        return new SyncGroupResponseData()
                .setProtocolType(group.protocolType)
                .setProtocolName(group.protocolName)
                .setAssignment(member.assignment());
    }

    /**
     * Kafka's checks of a request from a member of the current generation: the member exists (else
     * UNKNOWN_MEMBER_ID), a static member is the current incarnation (else FENCED_INSTANCE_ID), and
     * the generation is current (else ILLEGAL_GENERATION).
     */
    private static Errors validateMember(ClassicGroup group, String memberId, String instanceId, int generationId) {
        if (group == null || group.is(GroupState.EMPTY)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (instanceId != null) {
            String current = group.staticMembers.get(instanceId);
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!current.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        if (group.member(memberId) == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != group.generationId) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    // ================================================================ Heartbeat, LeaveGroup

    public List<GroupAction> onHeartbeat(long requestId, HeartbeatRequestData request, long now) {
        begin(now);
        ClassicGroup group = groups.get(request.groupId());
        Errors error = validateMember(group, request.memberId(), request.groupInstanceId(), request.generationId());
        if (error == Errors.NONE) {
            group.member(request.memberId()).heartbeat(now);
            if (group.is(GroupState.PREPARING_REBALANCE)) {
                error = Errors.REBALANCE_IN_PROGRESS;
            }
        }
        respond(requestId, new HeartbeatResponseData().setErrorCode(error.code()));
        return done();
    }

    /** Members leave; the answer has one entry per member, in request order. */
    public List<GroupAction> onLeave(long requestId, String groupId, List<MemberIdentity> leaving, long now) {
        begin(now);
        ClassicGroup group = groups.get(groupId);
        List<MemberResponse> answers = new ArrayList<>();
        for (MemberIdentity identity : leaving) {
            answers.add(new MemberResponse()
                    .setMemberId(identity.memberId())
                    .setGroupInstanceId(identity.groupInstanceId())
                    .setErrorCode(leave(group, identity).code()));
        }
        respond(requestId, answers);
        return done();
    }

    private Errors leave(ClassicGroup group, MemberIdentity identity) {
        if (group == null || group.is(GroupState.DEAD)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        String memberId = identity.memberId();
        if (identity.groupInstanceId() != null) {
            String current = group.staticMembers.get(identity.groupInstanceId());
            if (current == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!JoinGroupRequest.UNKNOWN_MEMBER_ID.equals(memberId) && !memberId.equals(current)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = current;
        }
        if (group.pendingMembers.remove(memberId) != null) {
            tryCompleteJoin(group);
            return Errors.NONE;
        }
        GroupMember member = group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMemberAndRebalance(group, member);
        return Errors.NONE;
    }

    private void removeMember(ClassicGroup group, GroupMember member) {
        fence(member, Errors.UNKNOWN_MEMBER_ID);
        group.members.remove(member.memberId());
        if (member.groupInstanceId() != null) {
            group.staticMembers.remove(member.groupInstanceId());
        }
        if (member.memberId().equals(group.leaderId)) {
            group.leaderId = group.members.isEmpty() ? null : group.members.keySet().iterator().next();
        }
    }

    private void removeMemberAndRebalance(ClassicGroup group, GroupMember member) {
        removeMember(group, member);
        switch (group.state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group);
            case PREPARING_REBALANCE -> tryCompleteJoin(group);
            default -> { }
        }
    }

    // ================================================================ time

    /** Time passes: sessions expire, rebalances time out, initial delays end. */
    public List<GroupAction> onTick(long now) {
        begin(now);
        for (ClassicGroup group : new ArrayList<>(groups.values())) {
            group.pendingMembers.values().removeIf(deadline -> now >= deadline);
            for (GroupMember member : new ArrayList<>(group.members.values())) {
                if (member.hasExpired(now) && group.members.get(member.memberId()) == member) {
                    removeMemberAndRebalance(group, member);
                }
            }
            if (group.is(GroupState.PREPARING_REBALANCE)) {
                if (now >= group.rebalanceDeadline) {
                    expireRebalance(group);
                } else {
                    tryCompleteJoin(group);
                }
            }
            if (group.isForgettable() && group.generationId == 0 && group.pendingMembers.isEmpty()) {
                // Only ever asked for a member id: never written, nothing to remember.
                groups.remove(group.groupId);
            }
        }
        if (now >= nextRetentionCheck) {
            nextRetentionCheck = now + settings.offsetsRetentionCheckIntervalMs();
            groups.values().forEach(this::expireOffsets);
        }
        return done();
    }

    // ================================================================ offsets retention

    /**
     * Removes the offsets the group kept longer than {@code offsets.retention.minutes}, Kafka's
     * rule (KIP-211): an empty group's offsets count from when it became empty, a client without
     * membership's from each commit, and a group with members keeps the offsets of the topics it
     * consumes. An empty group left without offsets is removed with them.
     */
    private void expireOffsets(ClassicGroup group) {
        List<TopicPartition> expired = expiredOffsets(group);
        if (expired.isEmpty()) {
            return;
        }
        List<SimpleRecord> tombstones = new ArrayList<>();
        expired.forEach(tp -> tombstones.add(GroupRecords.offsetTombstone(group.groupId, tp, now)));
        boolean removeGroup = group.is(GroupState.EMPTY) && expired.size() == group.offsets.size();
        if (removeGroup && group.protocolType != null) {
            tombstones.add(GroupRecords.groupTombstone(group.groupId, now));
        }
        write(tombstones, error -> {
            if (error != Errors.NONE) {
                return; // the next check tries again
            }
            expired.forEach(group.offsets::remove);
            LOG.info(() -> "Removed " + expired.size() + " expired offset(s) of group " + group.groupId
                    + (removeGroup ? " and the group, empty since " + Instant.ofEpochMilli(group.stateSince) : ""));
            if (removeGroup && group.isForgettable() && groups.get(group.groupId) == group) {
                groups.remove(group.groupId);
            }
        });
    }

    private List<TopicPartition> expiredOffsets(ClassicGroup group) {
        long retention = settings.offsetsRetentionMs();
        if (group.is(GroupState.DEAD)) {
            return List.of();
        }
        if (group.is(GroupState.EMPTY) && group.protocolType != null) {
            return now - group.stateSince >= retention ? List.copyOf(group.offsets.keySet()) : List.of();
        }
        Set<String> consumed;
        if (group.protocolType == null) {
            consumed = Set.of();
        } else if (ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType) && group.is(GroupState.STABLE)) {
            consumed = subscribedTopics(group);
        } else {
            return List.of(); // members of another protocol, or a rebalance: nothing is known to be unused
        }
        List<TopicPartition> expired = new ArrayList<>();
        group.offsets.forEach((tp, offset) -> {
            if (!consumed.contains(tp.topic()) && now - offset.commitTimestamp() >= retention) {
                expired.add(tp);
            }
        });
        return expired;
    }

    // ================================================================ offsets

    /**
     * Commits offsets. Accepted from a member of the current generation, or from a client that
     * manages its own partitions (generation -1) while the group has no members; answered once the
     * records are written.
     */
    public List<GroupAction> onCommit(long requestId, OffsetCommitRequestData request, long now) {
        begin(now);
        Errors error = validateCommit(request);
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        Map<TopicPartition, CommittedOffset> accepted = new LinkedHashMap<>();
        List<SimpleRecord> records = new ArrayList<>();
        List<OffsetCommitResponsePartition> written = new ArrayList<>();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            OffsetCommitResponseTopic answer = new OffsetCommitResponseTopic().setName(topic.name())
                    .setTopicId(topic.topicId());
            response.topics().add(answer);
            for (OffsetCommitRequestPartition partition : topic.partitions()) {
                OffsetCommitResponsePartition result = new OffsetCommitResponsePartition()
                        .setPartitionIndex(partition.partitionIndex());
                answer.partitions().add(result);
                String metadata = partition.committedMetadata() == null ? "" : partition.committedMetadata();
                if (error != Errors.NONE) {
                    result.setErrorCode(error.code());
                } else if (metadata.length() > settings.offsetMetadataMaxBytes()) {
                    result.setErrorCode(Errors.OFFSET_METADATA_TOO_LARGE.code());
                } else {
                    TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                    CommittedOffset offset = new CommittedOffset(partition.committedOffset(),
                            partition.committedLeaderEpoch(), metadata, now);
                    accepted.put(tp, offset);
                    records.add(GroupRecords.offsetCommit(request.groupId(), tp, offset, now));
                    written.add(result);
                }
            }
        }
        if (records.isEmpty()) {
            respond(requestId, response);
            return done();
        }
        ClassicGroup group = groups.computeIfAbsent(request.groupId(), id -> new ClassicGroup(id, now));
        GroupMember member = group.member(request.memberId());
        if (member != null) {
            member.heartbeat(now);
        }
        write(records, writeError -> {
            if (writeError == Errors.NONE) {
                group.offsets.putAll(accepted);
                groups.putIfAbsent(group.groupId, group);
            } else {
                written.forEach(result -> result.setErrorCode(writeError.code()));
                if (group.isForgettable() && groups.get(group.groupId) == group) {
                    groups.remove(group.groupId);
                }
            }
            respond(requestId, response);
        });
        return done();
    }

    private Errors validateCommit(OffsetCommitRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        ClassicGroup group = groups.get(request.groupId());
        if (group == null) {
            return request.generationIdOrMemberEpoch() < 0 ? Errors.NONE : Errors.ILLEGAL_GENERATION;
        }
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (request.generationIdOrMemberEpoch() < 0 && group.is(GroupState.EMPTY)) {
            return Errors.NONE; // a client that assigns itself its partitions
        }
        Errors error = validateMember(group, request.memberId(), request.groupInstanceId(),
                request.generationIdOrMemberEpoch());
        if (error == Errors.NONE && group.is(GroupState.COMPLETING_REBALANCE)) {
            // The member has its generation but not yet its assignment: it commits after the rebalance.
            return Errors.REBALANCE_IN_PROGRESS;
        }
        return error;
    }

    /**
     * The committed offsets of one group: of the requested partitions ({@code topics} by name), or
     * of every partition when {@code topics} is null. A partition without a commit gets offset -1.
     * Every commit here is stable (there are no transactions), so {@code require_stable} changes
     * nothing.
     */
    public OffsetFetchResponseGroup fetchOffsets(String groupId, List<OffsetFetchRequestTopics> topics) {
        ClassicGroup group = groups.get(groupId);
        Map<TopicPartition, CommittedOffset> offsets = group == null || group.is(GroupState.DEAD)
                ? Map.of() : group.offsets;
        OffsetFetchResponseGroup response = new OffsetFetchResponseGroup().setGroupId(groupId);
        if (topics == null) {
            Map<String, OffsetFetchResponseTopics> byTopic = new LinkedHashMap<>();
            offsets.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::topic)
                            .thenComparingInt(TopicPartition::partition)))
                    .forEach(entry -> byTopic.computeIfAbsent(entry.getKey().topic(),
                                    name -> new OffsetFetchResponseTopics().setName(name)).partitions()
                            .add(fetched(entry.getKey().partition(), entry.getValue())));
            response.setTopics(new ArrayList<>(byTopic.values()));
            return response;
        }
        for (OffsetFetchRequestTopics topic : topics) {
            OffsetFetchResponseTopics answer = new OffsetFetchResponseTopics().setName(topic.name())
                    .setTopicId(topic.topicId());
            for (int partition : topic.partitionIndexes()) {
                answer.partitions().add(fetched(partition,
                        offsets.get(new TopicPartition(topic.name(), partition))));
            }
            response.topics().add(answer);
        }
        return response;
    }

    private static OffsetFetchResponsePartitions fetched(int partition, CommittedOffset offset) {
        OffsetFetchResponsePartitions answer = new OffsetFetchResponsePartitions().setPartitionIndex(partition);
        if (offset == null) {
            return answer.setCommittedOffset(-1).setCommittedLeaderEpoch(-1).setMetadata("");
        }
        return answer.setCommittedOffset(offset.offset()).setCommittedLeaderEpoch(offset.leaderEpoch())
                .setMetadata(offset.metadata());
    }

    /** Every live group's committed offsets (for lag), by group id: a copy, safe to hand to other threads. */
    public Map<String, Map<TopicPartition, Long>> committedOffsets() {
        Map<String, Map<TopicPartition, Long>> all = new HashMap<>();
        groups.forEach((groupId, group) -> {
            if (!group.is(GroupState.DEAD)) {
                Map<TopicPartition, Long> offsets = new HashMap<>();
                group.offsets.forEach((tp, committed) -> offsets.put(tp, committed.offset()));
                all.put(groupId, offsets);
            }
        });
        return all;
    }

    /** Deletes a group's offsets of some partitions; refused for topics its members consume. */
    public List<GroupAction> onOffsetDelete(long requestId, OffsetDeleteRequestData request, long now) {
        begin(now);
        ClassicGroup group = groups.get(request.groupId());
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        if (group == null || group.is(GroupState.DEAD)) {
            respond(requestId, response.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
            return done();
        }
        boolean consumers = ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType);
        if (!group.is(GroupState.EMPTY) && !consumers) {
            respond(requestId, response.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
            return done();
        }
        Set<String> subscribed = group.is(GroupState.EMPTY) ? Set.of() : subscribedTopics(group);
        List<TopicPartition> deleted = new ArrayList<>();
        List<SimpleRecord> tombstones = new ArrayList<>();
        for (var topic : request.topics()) {
            OffsetDeleteResponseTopic answer = new OffsetDeleteResponseTopic().setName(topic.name());
            for (var partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partitionIndex());
                Errors error = subscribed.contains(topic.name()) ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE;
                if (error == Errors.NONE && group.offsets.containsKey(tp)) {
                    deleted.add(tp);
                    tombstones.add(GroupRecords.offsetTombstone(group.groupId, tp, now));
                }
                answer.partitions().add(new OffsetDeleteResponsePartition()
                        .setPartitionIndex(partition.partitionIndex()).setErrorCode(error.code()));
            }
            response.topics().add(answer);
        }
        if (tombstones.isEmpty()) {
            respond(requestId, response);
            return done();
        }
        write(tombstones, error -> {
            if (error == Errors.NONE) {
                deleted.forEach(group.offsets::remove);
            } else {
                response.setErrorCode(error.code());
            }
            respond(requestId, response);
        });
        return done();
    }

    /** The topics the members subscribe to, from their consumer-protocol subscriptions. */
    private static Set<String> subscribedTopics(ClassicGroup group) {
        Set<String> topics = new HashSet<>();
        String protocol = group.protocolName;
        for (GroupMember member : group.members.values()) {
            byte[] metadata = protocol != null ? member.metadata(protocol)
                    : member.protocols().values().stream().findFirst().orElse(NO_BYTES);
            try {
                topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(metadata)).topics());
            } catch (RuntimeException unreadable) {
                // Not a consumer subscription after all: nothing to protect.
            }
        }
        return topics;
    }

    // ================================================================ groups

    /** A group as DescribeGroups shows it, or null when this shard does not know it. */
    public DescribedGroup describe(String groupId) {
        ClassicGroup group = groups.get(groupId);
        if (group == null || group.is(GroupState.DEAD)) {
            return null;
        }
        boolean stable = group.is(GroupState.STABLE);
        List<DescribedGroupMember> members = new ArrayList<>();
        for (GroupMember member : group.members.values()) {
            members.add(new DescribedGroupMember()
                    .setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId())
                    .setClientId(member.clientId())
                    .setClientHost(member.clientHost())
                    // Kafka shows metadata and assignment only of a stable group, where they agree.
                    .setMemberMetadata(stable ? member.metadata(group.protocolName) : NO_BYTES)
                    .setMemberAssignment(stable ? member.assignment() : NO_BYTES));
        }
        return new DescribedGroup()
                .setGroupId(groupId)
                .setGroupState(group.state.displayName())
                .setProtocolType(group.protocolType == null ? "" : group.protocolType)
                .setProtocolData(stable && group.protocolName != null ? group.protocolName : "")
                .setMembers(members);
    }

    /** The groups of this shard, optionally only those in some states (display names, any case). */
    public List<ListedGroup> list(Set<String> states) {
        List<ListedGroup> listed = new ArrayList<>();
        for (ClassicGroup group : groups.values()) {
            if (group.is(GroupState.DEAD)) {
                continue;
            }
            String state = group.state.displayName();
            if (!states.isEmpty() && states.stream().noneMatch(state::equalsIgnoreCase)) {
                continue;
            }
            listed.add(new ListedGroup()
                    .setGroupId(group.groupId)
                    .setProtocolType(group.protocolType == null ? "" : group.protocolType)
                    .setGroupState(state)
                    .setGroupType("classic"));
        }
        return listed;
    }

    /** Deletes an empty group with its offsets: tombstones for all of them, then it is forgotten. */
    public List<GroupAction> onDelete(long requestId, String groupId, long now) {
        begin(now);
        ClassicGroup group = groups.get(groupId);
        DeletableGroupResult result = new DeletableGroupResult().setGroupId(groupId);
        if (group == null || group.is(GroupState.DEAD)) {
            respond(requestId, result.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
            return done();
        }
        if (!group.is(GroupState.EMPTY)) {
            respond(requestId, result.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
            return done();
        }
        List<SimpleRecord> tombstones = new ArrayList<>();
        group.offsets.keySet().forEach(tp -> tombstones.add(GroupRecords.offsetTombstone(groupId, tp, now)));
        tombstones.add(GroupRecords.groupTombstone(groupId, now));
        group.enter(GroupState.DEAD, now);
        write(tombstones, error -> {
            if (error == Errors.NONE) {
                groups.remove(groupId);
            } else {
                group.enter(GroupState.EMPTY, now);
                result.setErrorCode(error.code());
            }
            respond(requestId, result);
        });
        return done();
    }

    // ================================================================ the log

    /** Applies one record of the log while the shard loads (before it serves requests). */
    public void replay(GroupRecords.Parsed record, long now) {
        if (record instanceof GroupRecords.OffsetRecord offset) {
            replayOffset(offset, now);
        } else if (record instanceof GroupRecords.GroupRecord metadata) {
            replayGroup(metadata.groupId(), metadata.value(), now);
        }
    }

    private void replayOffset(GroupRecords.OffsetRecord record, long now) {
        ClassicGroup group = groups.computeIfAbsent(record.groupId(), id -> new ClassicGroup(id, now));
        OffsetCommitValue value = record.value();
        if (value == null) {
            group.offsets.remove(record.partition());
            if (group.isForgettable()) {
                groups.remove(group.groupId);
            }
        } else {
            group.offsets.put(record.partition(), new CommittedOffset(value.offset(), value.leaderEpoch(),
                    value.metadata() == null ? "" : value.metadata(), value.commitTimestamp()));
        }
    }

    private void replayGroup(String groupId, GroupMetadataValue value, long now) {
        if (value == null) {
            groups.remove(groupId);
            return;
        }
        ClassicGroup group = groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, now));
        group.members.clear();
        group.staticMembers.clear();
        group.pendingMembers.clear();
        group.generationId = value.generation();
        group.protocolType = value.protocolType() == null || value.protocolType().isEmpty() ? null : value.protocolType();
        group.protocolName = value.protocol();
        group.leaderId = value.leader();
        for (GroupMetadataValue.MemberMetadata m : value.members()) {
            Map<String, byte[]> protocols = new LinkedHashMap<>();
            if (group.protocolName != null) {
                protocols.put(group.protocolName, m.subscription());
            }
            GroupMember member = new GroupMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeout(), m.sessionTimeout(), value.protocolType(), protocols);
            member.assign(m.assignment());
            // The members must heartbeat to this coordinator within their session, or they expire.
            member.heartbeat(now);
            group.members.put(member.memberId(), member);
            if (member.groupInstanceId() != null) {
                group.staticMembers.put(member.groupInstanceId(), member.memberId());
            }
        }
        group.enter(group.members.isEmpty() ? GroupState.EMPTY : GroupState.STABLE,
                value.currentStateTimestamp() >= 0 ? value.currentStateTimestamp() : now);
    }

    /** The outcome of a {@link Write}: NONE once acknowledged by the in-sync replicas. */
    public List<GroupAction> onWriteCompleted(long writeId, Errors error, long now) {
        begin(now);
        Consumer<Errors> then = pendingWrites.remove(writeId);
        if (then != null) {
            then.accept(error);
        }
        return done();
    }

    /**
     * The shard stops serving (its partition's leadership moved): every request still waiting is
     * answered NOT_COORDINATOR, so the clients look for the new coordinator.
     */
    public List<GroupAction> onUnloaded(long now) {
        begin(now);
        for (Consumer<Errors> then : new ArrayList<>(pendingWrites.values())) {
            then.accept(Errors.NOT_COORDINATOR);
        }
        pendingWrites.clear();
        for (ClassicGroup group : groups.values()) {
            group.members.values().forEach(member -> fence(member, Errors.NOT_COORDINATOR));
        }
        groups.clear();
        return done();
    }

    /** The number of groups this shard holds (for tests and logs). */
    public int groupCount() {
        return groups.size();
    }

    // ================================================================ plumbing

    private void write(List<SimpleRecord> records, Consumer<Errors> then) {
        long writeId = nextWriteId++;
        pendingWrites.put(writeId, then);
        actions.add(new Write(writeId, records));
    }

    private void respond(long requestId, Object response) {
        actions.add(new Respond(requestId, response));
    }

    private void begin(long now) {
        this.now = now;
        this.actions = new ArrayList<>();
    }

    private List<GroupAction> done() {
        return actions;
    }
}
