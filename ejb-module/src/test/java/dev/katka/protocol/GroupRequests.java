package dev.katka.protocol;

import java.io.IOException;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/**
 * Builds a group API request in a given version, first bringing its group to the state the
 * request needs (a member joined, a stable group, committed offsets) with requests in the latest
 * versions, as a client of that version would find it.
 */
final class GroupRequests {

    private static final short LATEST_JOIN = ApiKeys.JOIN_GROUP.latestVersion();

    private final ProtocolClient client;
    private final String topic;
    private final Uuid topicId;

    GroupRequests(ProtocolClient client, String topic, Uuid topicId) {
        this.client = client;
        this.topic = topic;
        this.topicId = topicId;
    }

    AbstractRequest request(ApiKeys api, short v, String group) throws IOException {
        return switch (api) {
            case FIND_COORDINATOR -> new FindCoordinatorRequest.Builder(v < FindCoordinatorRequest.MIN_BATCHED_VERSION
                    ? new FindCoordinatorRequestData().setKey(group)
                    : new FindCoordinatorRequestData().setCoordinatorKeys(List.of(group))).build(v);
            case JOIN_GROUP -> {
                String memberId = JoinGroupRequest.requiresKnownMemberId(v) ? memberIdRequired(group) : "";
                yield new JoinGroupRequest.Builder(join(group, memberId)).build(v);
            }
            case SYNC_GROUP -> {
                String member = joined(group);
                SyncGroupRequestData data = sync(group, member);
                if (v < 5) {
                    data.setProtocolType(null).setProtocolName(null);
                }
                yield new SyncGroupRequest.Builder(data).build(v);
            }
            case HEARTBEAT -> new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId(group)
                    .setMemberId(stable(group)).setGenerationId(1)).build(v);
            case LEAVE_GROUP -> new LeaveGroupRequest.Builder(group,
                    List.of(new MemberIdentity().setMemberId(stable(group)))).build(v);
            case OFFSET_COMMIT -> EveryVersionTest.parsed(api, v, commit(group, v));
            case OFFSET_FETCH -> EveryVersionTest.parsed(api, v, fetch(group, v));
            case DESCRIBE_GROUPS -> {
                stable(group);
                yield new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData().setGroups(List.of(group)))
                        .build(v);
            }
            case LIST_GROUPS -> new ListGroupsRequest.Builder(new ListGroupsRequestData()).build(v);
            case DELETE_GROUPS -> {
                committed(group);
                yield new DeleteGroupsRequest.Builder(new DeleteGroupsRequestData().setGroupsNames(List.of(group)))
                        .build(v);
            }
            case OFFSET_DELETE -> {
                committed(group);
                OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection topics =
                        new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection();
                topics.add(new OffsetDeleteRequestData.OffsetDeleteRequestTopic().setName(topic).setPartitions(
                        List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0))));
                yield EveryVersionTest.parsed(api, v, new OffsetDeleteRequestData().setGroupId(group)
                        .setTopics(topics));
            }
            default -> throw new IllegalArgumentException(api.toString());
        };
    }

    private JoinGroupRequestData join(String group, String memberId) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {1}));
        return new JoinGroupRequestData().setGroupId(group).setMemberId(memberId).setProtocolType("consumer")
                .setProtocols(protocols).setSessionTimeoutMs(10_000).setRebalanceTimeoutMs(10_000);
    }

    private String memberIdRequired(String group) throws IOException {
        JoinGroupResponse response = client.send(new JoinGroupRequest.Builder(join(group, "")).build(LATEST_JOIN));
        expect(Errors.MEMBER_ID_REQUIRED, response.error());
        return response.data().memberId();
    }

    /** A member that joined (generation 1) and has not synced. */
    private String joined(String group) throws IOException {
        String memberId = memberIdRequired(group);
        JoinGroupResponse response = client.send(new JoinGroupRequest.Builder(join(group, memberId)).build(LATEST_JOIN));
        expect(Errors.NONE, response.error());
        return memberId;
    }

    /** The only member of a stable group (generation 1). */
    private String stable(String group) throws IOException {
        String member = joined(group);
        SyncGroupResponse response = client.send(new SyncGroupRequest.Builder(sync(group, member))
                .build(ApiKeys.SYNC_GROUP.latestVersion()));
        expect(Errors.NONE, response.error());
        return member;
    }

    private static SyncGroupRequestData sync(String group, String member) {
        return new SyncGroupRequestData().setGroupId(group).setMemberId(member).setGenerationId(1)
                .setProtocolType("consumer").setProtocolName("range")
                .setAssignments(List.of(new SyncGroupRequestAssignment().setMemberId(member)
                        .setAssignment(new byte[] {2})));
    }

    /** Offsets committed by a client without membership, so the group exists and is empty. */
    private void committed(String group) throws IOException {
        short latest = ApiKeys.OFFSET_COMMIT.latestVersion();
        OffsetCommitResponse response = client.send(EveryVersionTest.parsed(ApiKeys.OFFSET_COMMIT, latest,
                commit(group, latest)));
        expect(Errors.NONE, response.errorCounts().keySet().iterator().next());
    }

    private OffsetCommitRequestData commit(String group, short v) {
        OffsetCommitRequestData.OffsetCommitRequestTopic data = new OffsetCommitRequestData.OffsetCommitRequestTopic()
                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                        .setPartitionIndex(0).setCommittedOffset(1).setCommittedMetadata("m")));
        if (v >= 10) {
            data.setTopicId(topicId);
        } else {
            data.setName(topic);
        }
        return new OffsetCommitRequestData().setGroupId(group).setGenerationIdOrMemberEpoch(-1).setMemberId("")
                .setTopics(List.of(data));
    }

    private OffsetFetchRequestData fetch(String group, short v) {
        if (v < 8) {
            return new OffsetFetchRequestData().setGroupId(group).setTopics(List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestTopic().setName(topic).setPartitionIndexes(List.of(0))));
        }
        OffsetFetchRequestData.OffsetFetchRequestTopics topics = new OffsetFetchRequestData.OffsetFetchRequestTopics()
                .setPartitionIndexes(List.of(0));
        if (v >= 10) {
            topics.setTopicId(topicId);
        } else {
            topics.setName(topic);
        }
        return new OffsetFetchRequestData().setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                .setGroupId(group).setTopics(List.of(topics))));
    }

    private static void expect(Errors expected, Errors actual) {
        if (expected != actual) {
            throw new AssertionError("expected " + expected + " while preparing the group, got " + actual);
        }
    }
}
