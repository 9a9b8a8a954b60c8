package dev.katka.admin;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * {@link GroupAdmin} through Kafka's Admin client (ListGroups, DescribeGroups, OffsetFetch,
 * ListOffsets, OffsetCommit, DeleteGroups), the way Kafka's own {@code kafka-consumer-groups}
 * tool works: lag is the log end offset minus the committed offset, and offsets are reset only
 * while the group has no members.
 *
 * <p>Stateless: the container gives each call an instance of its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class GroupAdminService implements GroupAdmin {

    @EJB
    private AdminConnection connection;

    private ClusterClients clients;

    public GroupAdminService() {
    }

    /** Outside a container (tests). */
    GroupAdminService(ClusterClients clients) {
        this.clients = clients;
    }

    @PostConstruct
    void connect() {
        clients = connection.clients();
    }

    @Override
    public List<GroupSummary> groups() {
        Admin admin = clients.admin();
        List<String> ids = KafkaAnswers.await(admin.listGroups(ListGroupsOptions.forConsumerGroups()).all(), "the group list")
                .stream().map(GroupListing::groupId).sorted().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, ConsumerGroupDescription> descriptions = KafkaAnswers.await(
                admin.describeConsumerGroups(ids).all(), "the groups");
        List<GroupSummary> groups = new ArrayList<>();
        for (String id : ids) {
            ConsumerGroupDescription description = descriptions.get(id);
            groups.add(new GroupSummary(id, state(description), description.members().size(), totalLag(lags(id))));
        }
        return groups;
    }

    @Override
    public GroupDetail group(String groupId) {
        ConsumerGroupDescription description = describeGroup(groupId);
        List<PartitionLag> offsets = lags(groupId);
        if (description.groupState() == GroupState.DEAD && offsets.isEmpty()) {
            throw AdminException.notFound(describe(groupId) + " does not exist");
        }
        List<GroupMember> members = description.members().stream()
                .sorted(Comparator.comparing(MemberDescription::consumerId))
                .map(member -> new GroupMember(member.consumerId(), member.clientId(), member.host(),
                        member.assignment().topicPartitions().stream()
                                .map(p -> new AssignedPartition(p.topic(), p.partition()))
                                .sorted(Comparator.comparing(AssignedPartition::topic).thenComparingInt(AssignedPartition::partition))
                                .toList()))
                .toList();
        return new GroupDetail(groupId, state(description), description.partitionAssignor(), members, offsets,
                totalLag(offsets));
    }

    @Override
    public List<PartitionLag> resetOffsets(String groupId, OffsetReset reset) {
        if (reset == null || reset.to() == null) {
            throw AdminException.invalid("to is required: earliest, latest, timestamp or offset");
        }
        String to = reset.to().toLowerCase(Locale.ROOT);
        OffsetSpec spec = switch (to) {
            case "earliest" -> OffsetSpec.earliest();
            case "latest" -> OffsetSpec.latest();
            case "timestamp" -> {
                if (reset.timestamp() == null || reset.timestamp() < 0) {
                    throw AdminException.invalid("timestamp must be given (ms since the epoch) to reset to a timestamp, not " + reset.timestamp());
                }
                yield OffsetSpec.forTimestamp(reset.timestamp());
            }
            case "offset" -> {
                if (reset.offset() == null || reset.offset() < 0) {
                    throw AdminException.invalid("offset must be given (at least 0) to reset to an offset, not " + reset.offset());
                }
                yield OffsetSpec.earliest();
            }
            default -> throw AdminException.invalid("to must be earliest, latest, timestamp or offset, not '" + reset.to() + "'");
        };
        int members = memberCount(groupId);
        if (members > 0) {
            throw AdminException.conflict(describe(groupId) + " has " + members
                    + " active members: stop them before resetting its offsets");
        }
        Set<TopicPartition> partitions = partitionsToReset(groupId, reset.topics());
        Admin admin = clients.admin();
        Map<TopicPartition, OffsetSpec> asked = new HashMap<>();
        partitions.forEach(partition -> asked.put(partition, spec));
        Map<TopicPartition, ListOffsetsResultInfo> found = KafkaAnswers.await(admin.listOffsets(asked).all(),
                "the offsets to reset " + describe(groupId) + " to");
        Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
        if (to.equals("offset")) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = KafkaAnswers.await(admin.listOffsets(latest).all(),
                    "the log end offsets");
            // As Kafka's tool does: an offset outside the log is moved to its nearest end.
            partitions.forEach(partition -> target.put(partition, new OffsetAndMetadata(Math.max(found.get(partition).offset(),
                    Math.min(ends.get(partition).offset(), reset.offset())))));
        } else {
            Map<TopicPartition, ListOffsetsResultInfo> ends = to.equals("timestamp") ? endOffsets(partitions) : Map.of();
            found.forEach((partition, info) -> target.put(partition, new OffsetAndMetadata(
                    // No record at or after the timestamp: the consumer starts at the end.
                    info.offset() < 0 ? ends.get(partition).offset() : info.offset())));
        }
        KafkaAnswers.await(admin.alterConsumerGroupOffsets(groupId, target).all(), describe(groupId));
        return lags(groupId);
    }

    @Override
    public void delete(String groupId) {
        KafkaAnswers.await(clients.admin().deleteConsumerGroups(List.of(groupId)).all(), describe(groupId));
    }

    private Set<TopicPartition> partitionsToReset(String groupId, List<String> topics) {
        if (topics == null || topics.isEmpty()) {
            Set<TopicPartition> committed = committedOffsets(groupId).keySet();
            if (committed.isEmpty()) {
                throw AdminException.invalid(describe(groupId) + " has no committed offsets: name the topics to reset");
            }
            return committed;
        }
        Set<TopicPartition> partitions = new HashSet<>();
        KafkaAnswers.await(clients.admin().describeTopics(topics).allTopicNames(), "topics " + topics)
                .forEach((name, topic) -> {
                    for (TopicPartitionInfo partition : topic.partitions()) {
                        partitions.add(new TopicPartition(name, partition.partition()));
                    }
                });
        return partitions;
    }

    /** The group's committed offsets with their lag, by topic and partition. */
    private List<PartitionLag> lags(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(groupId);
        if (committed.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> ends = endOffsets(committed.keySet());
        Map<String, List<PartitionLag>> byTopic = new TreeMap<>();
        committed.forEach((partition, offset) -> {
            ListOffsetsResultInfo end = ends.get(partition);
            long logEnd = end == null ? offset.offset() : end.offset();
            byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>()).add(new PartitionLag(partition.topic(),
                    partition.partition(), offset.offset(), logEnd, Math.max(0, logEnd - offset.offset())));
        });
        return byTopic.values().stream()
                .flatMap(lags -> lags.stream().sorted(Comparator.comparingInt(PartitionLag::partition)))
                .toList();
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(KafkaAnswers.await(
                clients.admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
                "the committed offsets of " + describe(groupId)));
        committed.values().removeIf(offset -> offset == null);
        return committed;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> endOffsets(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        try {
            return KafkaAnswers.await(clients.admin().listOffsets(latest).all(), "the log end offsets");
        } catch (AdminException e) {
            if (e.kind() != AdminException.Kind.NOT_FOUND) {
                throw e;
            }
            // A topic deleted since the group committed: ask partition by partition, skip the gone.
            Map<TopicPartition, ListOffsetsResultInfo> found = new HashMap<>();
            partitions.forEach(partition -> {
                try {
                    found.put(partition, KafkaAnswers.await(clients.admin().listOffsets(
                            Map.of(partition, OffsetSpec.latest())).partitionResult(partition), "the log end offset"));
                } catch (AdminException gone) {
                    // left out: no lag for a partition that no longer exists
                }
            });
            return found;
        }
    }

    /** Its members now; none for a group that does not exist yet (resetting creates its offsets). */
    private int memberCount(String groupId) {
        try {
            return describeGroup(groupId).members().size();
        } catch (AdminException e) {
            if (e.kind() == AdminException.Kind.NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }

    private ConsumerGroupDescription describeGroup(String groupId) {
        return KafkaAnswers.await(clients.admin().describeConsumerGroups(List.of(groupId)).all(), describe(groupId))
                .get(groupId);
    }

    private static String state(ConsumerGroupDescription description) {
        return description.groupState().toString();
    }

    private static long totalLag(List<PartitionLag> lags) {
        return lags.stream().mapToLong(PartitionLag::lag).sum();
    }

    private static String describe(String groupId) {
        return "group '" + groupId + "'";
    }
}
