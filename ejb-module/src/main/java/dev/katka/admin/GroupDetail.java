package dev.katka.admin;

import java.util.List;

/** A consumer group: its members and what they are assigned, its committed offsets and their lag. */
public record GroupDetail(String groupId, String state, String protocol, List<GroupMember> members,
        List<PartitionLag> offsets, long totalLag) {
}
