package dev.katka.group;

/**
 * The states of a classic consumer group, as Kafka's group coordinator has them (and shows them
 * to clients: DescribeGroups, ListGroups).
 *
 * <ul>
 *   <li>EMPTY: no members; committed offsets may remain.</li>
 *   <li>PREPARING_REBALANCE: waiting for the members to (re)join.</li>
 *   <li>COMPLETING_REBALANCE: the generation is formed; waiting for the leader's assignment.</li>
 *   <li>STABLE: every member has its assignment and heartbeats.</li>
 *   <li>DEAD: being deleted; the group id is free once the tombstones are written.</li>
 * </ul>
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String displayName;

    GroupState(String displayName) {
        this.displayName = displayName;
    }

    /** The name clients see ("PreparingRebalance"). */
    public String displayName() {
        return displayName;
    }
}
