package dev.katka.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.config.GroupSettings;
import dev.katka.group.GroupAction.Respond;
import dev.katka.group.GroupAction.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;

/**
 * The classic group state machine, event by event, with time passed in: joins, syncs,
 * heartbeats, leaves, session expiry, rebalance timeout, static members and generation fencing.
 * Writes succeed unless a test says otherwise; what was written is kept, to be replayed.
 */
class GroupShardTest {

    private static final int SESSION_MS = 10_000;
    private static final int REBALANCE_MS = 30_000;
    private static final String GROUP = "g";

    private GroupShard shard = new GroupShard(settings(0));
    private long now = 1_000;
    private long nextRequestId;
    /** Responses by request id, as the driver would deliver them. */
    private final Map<Long, Object> responses = new java.util.HashMap<>();
    private final List<SimpleRecord> written = new ArrayList<>();

    private static final long RETENTION_MS = 7 * 24 * 3_600_000L;
    private static final long RETENTION_CHECK_MS = 600_000;

    private static GroupSettings settings(int initialDelayMs) {
        return settings(initialDelayMs, Integer.MAX_VALUE);
    }

    private static GroupSettings settings(int initialDelayMs, int maxSize) {
        return new GroupSettings(50, (short) 1, 1 << 20, 5_000, 4096, initialDelayMs, 1_000, 60_000, maxSize,
                RETENTION_MS, RETENTION_CHECK_MS);
    }

    @Test
    void aMemberJoinsWithTheIdItWasGivenGetsItsAssignmentAndLeaves() {
        long first = join("", null);
        JoinGroupResponseData required = joinResponse(first);
        assertThat(Errors.forCode(required.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        String memberId = required.memberId();

        JoinGroupResponseData joined = joinResponse(join(memberId, null));
        assertThat(joined.errorCode()).isZero();
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(memberId);
        assertThat(joined.protocolName()).isEqualTo("range");
        assertThat(joined.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(memberId);

        SyncGroupResponseData synced = syncResponse(sync(memberId, 1, Map.of(memberId, bytes("mine"))));
        assertThat(synced.errorCode()).isZero();
        assertThat(synced.assignment()).isEqualTo(bytes("mine"));
        assertThat(describe().groupState()).isEqualTo("Stable");
        assertThat(heartbeat(memberId, 1)).isEqualTo(Errors.NONE);

        assertThat(leave(memberId)).isEqualTo(Errors.NONE);
        assertThat(describe().groupState()).isEqualTo("Empty");
        assertThat(heartbeat(memberId, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aNewMemberMakesTheOthersRejoinAndTheLeaderSeesEveryone() {
        String a = stableMember();
        String b = joinResponse(join("", null)).memberId();
        long bJoin = join(b, null);
        assertThat(responses).doesNotContainKey(bJoin);
        assertThat(heartbeat(a, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);

        JoinGroupResponseData leader = joinResponse(join(a, null));
        JoinGroupResponseData follower = joinResponse(bJoin);

        assertThat(leader.generationId()).isEqualTo(2);
        assertThat(leader.members()).hasSize(2);
        assertThat(follower.generationId()).isEqualTo(2);
        assertThat(follower.leader()).isEqualTo(a);
        assertThat(follower.members()).isEmpty();
    }

    @Test
    void aMemberThatStopsHeartbeatingIsRemovedWhenItsSessionExpires() {
        String a = stableMember();
        tick(SESSION_MS - 1);
        assertThat(describe().members()).hasSize(1);

        tick(1);

        assertThat(describe().groupState()).isEqualTo("Empty");
        assertThat(heartbeat(a, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void membersThatDoNotRejoinWithinTheRebalanceTimeoutAreDropped() {
        String silent = stableMember();
        String newcomer = joinResponse(join("", null)).memberId();
        long newcomerJoin = join(newcomer, null);
        // The old member keeps heartbeating but never rejoins.
        for (int t = 0; t < REBALANCE_MS; t += 5_000) {
            assertThat(heartbeat(silent, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
            tick(5_000);
        }

        JoinGroupResponseData joined = joinResponse(newcomerJoin);
        assertThat(joined.generationId()).isEqualTo(2);
        assertThat(joined.leader()).isEqualTo(newcomer);
        assertThat(joined.members()).extracting(JoinGroupResponseData.JoinGroupResponseMember::memberId)
                .containsExactly(newcomer);
        assertThat(heartbeat(silent, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void theFirstRebalanceOfAnEmptyGroupWaitsTheInitialDelay() {
        shard = new GroupShard(settings(3_000));
        String a = joinResponse(join("", null)).memberId();
        long aJoin = join(a, null);
        tick(2_000);
        String b = joinResponse(join("", null)).memberId();
        long bJoin = join(b, null);
        tick(2_000);
        assertThat(responses).doesNotContainKeys(aJoin, bJoin);

        tick(1_000);

        assertThat(joinResponse(aJoin).generationId()).isEqualTo(1);
        assertThat(joinResponse(bJoin).generationId()).isEqualTo(1);
    }

    @Test
    void aStaticMemberRestartingKeepsItsAssignmentAndFencesItsOldId() {
        String leader = stableMember();
        long staticJoin = join("", "instance-1");
        long leaderRejoin = join(leader, null);
        String old = joinResponse(staticJoin).memberId();
        assertThat(joinResponse(leaderRejoin).generationId()).isEqualTo(2);
        sync(old, 2, Map.of());
        syncResponse(sync(leader, 2, Map.of(leader, bytes("l"), old, bytes("s"))));

        JoinGroupResponseData rejoined = joinResponse(join("", "instance-1"));

        assertThat(rejoined.errorCode()).isZero();
        assertThat(rejoined.memberId()).isNotEqualTo(old);
        assertThat(rejoined.generationId()).isEqualTo(2);
        assertThat(describe().groupState()).isEqualTo("Stable");
        assertThat(syncResponse(sync(rejoined.memberId(), 2, Map.of())).assignment()).isEqualTo(bytes("s"));
        assertThat(heartbeatStatic(old, "instance-1", 2)).isEqualTo(Errors.FENCED_INSTANCE_ID);
    }

    @Test
    void commitsFromAStaleGenerationOrAnUnknownMemberAreRefused() {
        String a = stableMember();
        String b = joinResponse(join("", null)).memberId();
        long bJoin = join(b, null);
        long aJoin = join(a, null);
        assertThat(joinResponse(aJoin).generationId()).isEqualTo(2);
        assertThat(commit(a, 2, 5)).isEqualTo(Errors.REBALANCE_IN_PROGRESS); // no assignment yet
        syncAll(a, bJoin, aJoin);

        assertThat(commit(a, 1, 5)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(commit("stranger", 2, 5)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(commit("", -1, 5)).isEqualTo(Errors.UNKNOWN_MEMBER_ID); // the group has members
        assertThat(commit(a, 2, 7)).isEqualTo(Errors.NONE);
        assertThat(fetchedOffset()).isEqualTo(7);
    }

    @Test
    void aClientWithoutMembershipCommitsToAnEmptyGroupAndTheLogRestoresEverything() {
        assertThat(commit("", -1, 42)).isEqualTo(Errors.NONE);
        String member = stableMember();

        shard = replayed();

        assertThat(fetchedOffset()).isEqualTo(42);
        assertThat(describe().groupState()).isEqualTo("Stable");
        assertThat(heartbeat(member, 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void aGroupAtItsMaximumSizeRefusesANewMemberButKeepsItsOwn() {
        shard = new GroupShard(settings(0, 1));
        String member = stableMember();

        JoinGroupResponseData refused = joinResponse(join("", null));
        assertThat(Errors.forCode(refused.errorCode())).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
        assertThat(heartbeat(member, 1)).isEqualTo(Errors.NONE);
        assertThat(describe().members()).hasSize(1);
    }

    @Test
    void anEmptyGroupsOffsetsExpireAfterTheRetentionCountedFromWhenItBecameEmpty() {
        String member = stableMember();
        assertThat(commit(member, 1, 42)).isEqualTo(Errors.NONE);
        // Long-lived members keep the offsets of the topic they consume, however old the commit.
        for (long waited = 0; waited <= RETENTION_MS + RETENTION_CHECK_MS; waited += SESSION_MS / 2) {
            tick(SESSION_MS / 2);
            assertThat(heartbeat(member, 1)).isEqualTo(Errors.NONE);
        }
        assertThat(fetchedOffset()).isEqualTo(42);

        assertThat(leave(member)).isEqualTo(Errors.NONE);
        tick(RETENTION_MS - RETENTION_CHECK_MS);
        assertThat(fetchedOffset()).as("still within the retention of the empty group").isEqualTo(42);

        tick(2 * RETENTION_CHECK_MS);
        assertThat(fetchedOffset()).isEqualTo(-1);
        assertThat(shard.list(Set.of())).isEmpty();
        shard = replayed();
        assertThat(fetchedOffset()).as("the tombstones are in the log").isEqualTo(-1);
        assertThat(shard.list(Set.of())).isEmpty();
    }

    @Test
    void aClientWithoutMembershipKeepsEachOffsetForTheRetentionAfterItsCommit() {
        assertThat(commit("", -1, 7)).isEqualTo(Errors.NONE);
        tick(RETENTION_MS - RETENTION_CHECK_MS);
        assertThat(commit("", -1, 8)).as("a new commit restarts the clock").isEqualTo(Errors.NONE);
        tick(2 * RETENTION_CHECK_MS);
        assertThat(fetchedOffset()).isEqualTo(8);

        tick(RETENTION_MS);
        assertThat(fetchedOffset()).isEqualTo(-1);
        assertThat(shard.groupCount()).isZero();
    }

    @Test
    void aFailedWriteLeavesTheCommitUnmadeAndSaysWhy() {
        List<GroupAction> actions = shard.onCommit(nextRequestId++, commitRequest("", -1, 9), now);
        Write write = (Write) actions.get(0);

        List<GroupAction> after = shard.onWriteCompleted(write.writeId(), Errors.NOT_COORDINATOR, now);

        OffsetCommitResponseData response = (OffsetCommitResponseData) ((Respond) after.get(0)).response();
        assertThat(Errors.forCode(response.topics().get(0).partitions().get(0).errorCode()))
                .isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(fetchedOffset()).isEqualTo(-1);
    }

    @Test
    void offsetsOfATopicTheMembersConsumeCannotBeDeletedOthersCan() {
        assertThat(commit("", -1, 3)).isEqualTo(Errors.NONE); // topic "t", while the group is empty
        assertThat(commitTo("other", 4)).isEqualTo(Errors.NONE);
        String member = joinResponse(join("", null)).memberId();
        joinResponse(join(member, null));
        syncResponse(sync(member, 1, Map.of(member, bytes("a"))));

        long id = nextRequestId++;
        apply(shard.onOffsetDelete(id, offsetDelete("t", "other"), now));

        var response = (org.apache.kafka.common.message.OffsetDeleteResponseData) responses.get(id);
        assertThat(response.errorCode()).isZero();
        assertThat(response.topics().find("t").partitions().find(0).errorCode())
                .isEqualTo(Errors.GROUP_SUBSCRIBED_TO_TOPIC.code());
        assertThat(response.topics().find("other").partitions().find(0).errorCode()).isZero();
        assertThat(fetchedOffset()).isEqualTo(3);
    }

    @Test
    void aDeletedGroupStaysDeletedWhenTheLogIsReplayed() {
        assertThat(commit("", -1, 3)).isEqualTo(Errors.NONE);
        long id = nextRequestId++;
        apply(shard.onDelete(id, GROUP, now));
        assertThat(((org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult) responses.get(id))
                .errorCode()).isZero();

        shard = replayed();

        assertThat(describe()).isNull();
        assertThat(fetchedOffset()).isEqualTo(-1);
    }

    // ================================================================ helpers

    /** A new shard that read everything written so far, as a new coordinator loads the log. */
    private GroupShard replayed() {
        GroupShard reloaded = new GroupShard(settings(0));
        for (SimpleRecord record : written) {
            Record read = MemoryRecords.withRecords(Compression.NONE, record).records().iterator().next();
            reloaded.replay(GroupRecords.parse(read), now);
        }
        return reloaded;
    }

    private Errors commitTo(String topic, long offset) {
        OffsetCommitRequestData request = commitRequest("", -1, offset);
        request.topics().get(0).setName(topic);
        long id = nextRequestId++;
        apply(shard.onCommit(id, request, now));
        return Errors.forCode(((OffsetCommitResponseData) responses.get(id)).topics().get(0).partitions().get(0)
                .errorCode());
    }

    private static org.apache.kafka.common.message.OffsetDeleteRequestData offsetDelete(String... topics) {
        var collection = new org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
        for (String topic : topics) {
            collection.add(new org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                    .setName(topic).setPartitions(List.of(
                            new org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                    .setPartitionIndex(0))));
        }
        return new org.apache.kafka.common.message.OffsetDeleteRequestData().setGroupId(GROUP).setTopics(collection);
    }

    /** One member, joined and synced: generation 1, stable. */
    private String stableMember() {
        String id = joinResponse(join("", null)).memberId();
        joinResponse(join(id, null));
        syncResponse(sync(id, 1, Map.of(id, bytes("a"))));
        return id;
    }

    /** Completes a rebalance of two members: both sync, the leader with assignments. */
    private void syncAll(String leader, long followerJoin, long leaderJoin) {
        String follower = joinResponse(followerJoin).memberId();
        int generation = joinResponse(leaderJoin).generationId();
        sync(follower, generation, Map.of());
        syncResponse(sync(leader, generation, Map.of(leader, bytes("x"), follower, bytes("y"))));
    }

    private long join(String memberId, String instanceId) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        byte[] subscription = org.apache.kafka.common.utils.Utils.toArray(ConsumerProtocol.serializeSubscription(
                new ConsumerPartitionAssignor.Subscription(List.of("t"))));
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(subscription));
        JoinGroupRequestData request = new JoinGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setProtocolType("consumer").setProtocols(protocols)
                .setSessionTimeoutMs(SESSION_MS).setRebalanceTimeoutMs(REBALANCE_MS);
        long id = nextRequestId++;
        apply(shard.onJoin(id, (short) 9, request, "client", "/127.0.0.1", now));
        return id;
    }

    private long sync(String memberId, int generation, Map<String, byte[]> assignments) {
        List<SyncGroupRequestAssignment> list = new ArrayList<>();
        assignments.forEach((m, a) -> list.add(new SyncGroupRequestAssignment().setMemberId(m).setAssignment(a)));
        long id = nextRequestId++;
        apply(shard.onSync(id, new SyncGroupRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationId(generation).setAssignments(list), now));
        return id;
    }

    private Errors heartbeat(String memberId, int generation) {
        return heartbeatStatic(memberId, null, generation);
    }

    private Errors heartbeatStatic(String memberId, String instanceId, int generation) {
        long id = nextRequestId++;
        apply(shard.onHeartbeat(id, new HeartbeatRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGroupInstanceId(instanceId).setGenerationId(generation), now));
        return Errors.forCode(((HeartbeatResponseData) responses.get(id)).errorCode());
    }

    @SuppressWarnings("unchecked")
    private Errors leave(String memberId) {
        long id = nextRequestId++;
        apply(shard.onLeave(id, GROUP, List.of(new MemberIdentity().setMemberId(memberId)), now));
        var answers = (List<org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse>) responses.get(id);
        return Errors.forCode(answers.get(0).errorCode());
    }

    private Errors commit(String memberId, int generation, long offset) {
        long id = nextRequestId++;
        apply(shard.onCommit(id, commitRequest(memberId, generation, offset), now));
        OffsetCommitResponseData response = (OffsetCommitResponseData) responses.get(id);
        return Errors.forCode(response.topics().get(0).partitions().get(0).errorCode());
    }

    private static OffsetCommitRequestData commitRequest(String memberId, int generation, long offset) {
        return new OffsetCommitRequestData().setGroupId(GROUP).setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(generation)
                .setTopics(List.of(new OffsetCommitRequestTopic().setName("t").setPartitions(List.of(
                        new OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(offset)))));
    }

    private long fetchedOffset() {
        return shard.fetchOffsets(GROUP, List.of(new OffsetFetchRequestTopics().setName("t")
                .setPartitionIndexes(List.of(0)))).topics().get(0).partitions().get(0).committedOffset();
    }

    private DescribedGroup describe() {
        return shard.describe(GROUP);
    }

    private void tick(long millis) {
        now += millis;
        apply(shard.onTick(now));
    }

    /** Delivers responses and completes every write successfully, as an acks=all append would. */
    private void apply(List<GroupAction> actions) {
        for (GroupAction action : actions) {
            if (action instanceof Respond respond) {
                responses.put(respond.requestId(), respond.response());
            } else if (action instanceof Write write) {
                written.addAll(write.records());
                apply(shard.onWriteCompleted(write.writeId(), Errors.NONE, now));
            }
        }
    }

    private JoinGroupResponseData joinResponse(long requestId) {
        assertThat(responses).as("join %d answered", requestId).containsKey(requestId);
        return (JoinGroupResponseData) responses.get(requestId);
    }

    private SyncGroupResponseData syncResponse(long requestId) {
        assertThat(responses).as("sync %d answered", requestId).containsKey(requestId);
        return (SyncGroupResponseData) responses.get(requestId);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
