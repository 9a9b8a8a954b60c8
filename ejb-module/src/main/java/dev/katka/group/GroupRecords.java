package dev.katka.group;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.GroupMetadataValue;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;

/**
 * The records of {@code __consumer_offsets}, in Kafka's own format so that Kafka's tools read
 * them and a log written by Katka means the same to Kafka: the key is a 2-byte record type
 * followed by the key message (type 0 or 1: {@link OffsetCommitKey}, type 2:
 * {@link GroupMetadataKey}); the value is a 2-byte version followed by the value message; a null
 * value is a tombstone. The messages are the classes Kafka generates from its schemas
 * (kafka-group-coordinator's {@code org.apache.kafka.coordinator.group.generated}).
 *
 * <p>Records of other types (Kafka's newer consumer-group protocol, share groups) are skipped
 * when a log is loaded. Stateless and thread-safe.
 */
final class GroupRecords {

    private static final short LEGACY_OFFSET_COMMIT_TYPE = 0;
    /** The version Kafka 3 and 4 write: with leader epoch, without expire timestamp. */
    private static final short OFFSET_COMMIT_VALUE_VERSION = 3;
    /** The version with group.instance.id, which every Kafka since 2.3 reads. */
    private static final short GROUP_METADATA_VALUE_VERSION = 3;

    private GroupRecords() {
    }

    /** A parsed record: an offset (or its tombstone), or a group's metadata (or its tombstone). */
    sealed interface Parsed {
    }

    record OffsetRecord(String groupId, TopicPartition partition, OffsetCommitValue value) implements Parsed {
    }

    record GroupRecord(String groupId, GroupMetadataValue value) implements Parsed {
    }

    static SimpleRecord offsetCommit(String groupId, TopicPartition tp, CommittedOffset offset, long now) {
        OffsetCommitValue value = new OffsetCommitValue()
                .setOffset(offset.offset())
                .setLeaderEpoch(offset.leaderEpoch())
                .setMetadata(offset.metadata())
                .setCommitTimestamp(offset.commitTimestamp());
        return new SimpleRecord(now, offsetKey(groupId, tp),
                MessageUtil.toVersionPrefixedBytes(OFFSET_COMMIT_VALUE_VERSION, value));
    }

    static SimpleRecord offsetTombstone(String groupId, TopicPartition tp, long now) {
        return new SimpleRecord(now, offsetKey(groupId, tp), null);
    }

    static SimpleRecord groupMetadata(ClassicGroup group, long now) {
        List<GroupMetadataValue.MemberMetadata> members = new ArrayList<>();
        for (GroupMember member : group.members.values()) {
            members.add(new GroupMetadataValue.MemberMetadata()
                    .setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId())
                    .setClientId(member.clientId())
                    .setClientHost(member.clientHost())
                    .setRebalanceTimeout(member.rebalanceTimeoutMs())
                    .setSessionTimeout(member.sessionTimeoutMs())
                    .setSubscription(group.protocolName == null ? new byte[0] : member.metadata(group.protocolName))
                    .setAssignment(member.assignment()));
        }
        GroupMetadataValue value = new GroupMetadataValue()
                .setProtocolType(group.protocolType == null ? "" : group.protocolType)
                .setGeneration(group.generationId)
                .setProtocol(group.protocolName)
                .setLeader(group.leaderId)
                .setCurrentStateTimestamp(now)
                .setMembers(members);
        return new SimpleRecord(now, groupKey(group.groupId),
                MessageUtil.toVersionPrefixedBytes(GROUP_METADATA_VALUE_VERSION, value));
    }

    static SimpleRecord groupTombstone(String groupId, long now) {
        return new SimpleRecord(now, groupKey(groupId), null);
    }

    /**
     * Reads one record of the log, or returns null for a record of a kind classic groups do not
     * use.
     *
     * @throws RuntimeException when the bytes do not parse as the type they claim
     */
    static Parsed parse(Record record) {
        if (!record.hasKey()) {
            return null;
        }
        ByteBuffer key = record.key();
        short type = key.getShort();
        ByteBuffer value = record.hasValue() ? record.value() : null;
        if (type == LEGACY_OFFSET_COMMIT_TYPE || type == new OffsetCommitKey().apiKey()) {
            OffsetCommitKey parsed = new OffsetCommitKey(new ByteBufferAccessor(key), (short) 0);
            OffsetCommitValue offset = value == null ? null : new OffsetCommitValue(new ByteBufferAccessor(value),
                    value.getShort()); // the accessor reads from the buffer's position after the version
            return new OffsetRecord(parsed.group(), new TopicPartition(parsed.topic(), parsed.partition()), offset);
        }
        if (type == new GroupMetadataKey().apiKey()) {
            GroupMetadataKey parsed = new GroupMetadataKey(new ByteBufferAccessor(key), (short) 0);
            GroupMetadataValue group = value == null ? null
                    : new GroupMetadataValue(new ByteBufferAccessor(value), value.getShort());
            return new GroupRecord(parsed.group(), group);
        }
        return null;
    }

    private static byte[] offsetKey(String groupId, TopicPartition tp) {
        return MessageUtil.toCoordinatorTypePrefixedBytes(new OffsetCommitKey()
                .setGroup(groupId).setTopic(tp.topic()).setPartition(tp.partition()));
    }

    private static byte[] groupKey(String groupId) {
        return MessageUtil.toCoordinatorTypePrefixedBytes(new GroupMetadataKey().setGroup(groupId));
    }
}
