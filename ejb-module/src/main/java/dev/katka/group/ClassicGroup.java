package dev.katka.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * One classic consumer group: its state, generation, chosen protocol, leader, members (static ones
 * also by {@code group.instance.id}), members that were given an id but have not joined with it
 * yet, and the offsets it committed.
 *
 * <p>The transitions are {@link GroupShard}'s; this class holds the data and answers questions
 * about it. Not thread-safe: owned by one shard.
 */
final class ClassicGroup {

    final String groupId;
    /** Change it with {@link #enter}. */
    GroupState state = GroupState.EMPTY;
    /** When the group entered its state (ms): an empty group's offsets expire counting from here. */
    long stateSince;
    int generationId;
    /** The protocol type all members share ("consumer" for consumers), or null before the first member. */
    String protocolType;
    /** The protocol chosen for the current generation, or null. */
    String protocolName;
    String leaderId;
    final Map<String, GroupMember> members = new LinkedHashMap<>();
    /** group.instance.id -> member id. */
    final Map<String, String> staticMembers = new HashMap<>();
    /** Member ids handed out with MEMBER_ID_REQUIRED -> when they expire unless the member joins with them. */
    final Map<String, Long> pendingMembers = new HashMap<>();
    final Map<TopicPartition, CommittedOffset> offsets = new HashMap<>();
    /** In PREPARING_REBALANCE: when the members that have not rejoined are dropped. */
    long rebalanceDeadline;
    /** In PREPARING_REBALANCE of an empty group: the join completes no earlier than this. */
    long initialDelayUntil;
    /** Whether the group is in the initial delay ({@code group.initial.rebalance.delay.ms}). */
    boolean initialDelay;

    ClassicGroup(String groupId, long now) {
        this.groupId = groupId;
        this.stateSince = now;
    }

    /** Members, and ids handed out to members that have yet to join with them. */
    int size() {
        return members.size() + pendingMembers.size();
    }

    /** The group is in {@code next} from {@code now} on. */
    void enter(GroupState next, long now) {
        state = next;
        stateSince = now;
    }

    boolean is(GroupState candidate) {
        return state == candidate;
    }

    GroupMember member(String memberId) {
        return members.get(memberId);
    }

    /** The longest rebalance timeout of the members: how long a rebalance waits for them. */
    int rebalanceTimeoutMs() {
        return members.values().stream().mapToInt(GroupMember::rebalanceTimeoutMs).max().orElse(0);
    }

    boolean allMembersJoined() {
        return pendingMembers.isEmpty() && members.values().stream().allMatch(GroupMember::isAwaitingJoin);
    }

    /** The protocols every member supports, in the order the first member prefers them. */
    Set<String> commonProtocols() {
        Set<String> common = null;
        for (GroupMember member : members.values()) {
            if (common == null) {
                common = new LinkedHashSet<>(member.protocols().keySet());
            } else {
                common.retainAll(member.protocols().keySet());
            }
        }
        return common == null ? Set.of() : common;
    }

    /** Whether a member offering these protocols may join: same type, and one protocol in common with all. */
    boolean supports(String type, Collection<String> offered) {
        if (members.isEmpty()) {
            return !type.isEmpty() && !offered.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> common = commonProtocols();
        return offered.stream().anyMatch(common::contains);
    }

    /** Kafka's rule: every member votes for its preferred common protocol; most votes wins. */
    String selectProtocol() {
        Set<String> candidates = commonProtocols();
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (GroupMember member : members.values()) {
            String vote = member.vote(candidates);
            if (vote != null) {
                votes.merge(vote, 1, Integer::sum);
            }
        }
        String chosen = null;
        int most = -1;
        for (Map.Entry<String, Integer> entry : votes.entrySet()) {
            if (entry.getValue() > most) {
                chosen = entry.getKey();
                most = entry.getValue();
            }
        }
        return chosen;
    }

    List<GroupMember> awaitingJoin() {
        return new ArrayList<>(members.values().stream().filter(GroupMember::isAwaitingJoin).toList());
    }

    /** A group with nothing left to remember can be forgotten. */
    boolean isForgettable() {
        return state == GroupState.EMPTY && offsets.isEmpty() && members.isEmpty();
    }
}
