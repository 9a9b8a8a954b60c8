package dev.katka.admin;

import java.util.List;

/** A member of a consumer group and the partitions assigned to it. */
public record GroupMember(String memberId, String clientId, String host, List<AssignedPartition> assignments) {
}
