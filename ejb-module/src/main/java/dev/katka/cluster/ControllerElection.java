package dev.katka.cluster;

import com.hazelcast.cluster.Member;

/**
 * Who may claim the controller role. Claiming itself is always the same: moving the metadata
 * log's head to the next epoch by compare-and-set ({@link MetadataLog#claim}), which is what
 * makes epochs grow and fences every older epoch's appends. The election decides only who tries,
 * so that normally one broker does and the role does not flap.
 *
 * <h2>With the CP subsystem ({@link FencedLockElection})</h2>
 *
 * The holder of the CP {@code FencedLock} {@value FencedLockElection#LOCK} claims. The lock is
 * linearizable (Raft): at most one holder at a time. Its fencing token is a {@code long} (in
 * Hazelcast 5.3 the Raft log index of the acquiring operation) that grows within one CP group but
 * starts again if the CP group is reset or rebuilt, so it is <em>not</em> used as the epoch
 * directly: the epoch is the head's epoch + 1, and the head is a CP {@code IAtomicReference} in the
 * same CP group. That keeps the epoch an {@code int} that grows across lock holders, CP group resets
 * and changes between CP and non-CP operation (the brokers' images carry it).
 *
 * <p>A holder loses the lock when its CP session closes: it missed session heartbeats for the
 * session TTL, or another broker force-closed the session after membership declared the holder's
 * member gone (a crashed controller would otherwise keep the lock for the whole TTL). Every broker
 * checks on each round that it still holds the lock, and the head's compare-and-set rejects a
 * former holder's commits in any case. A controller cut off from the CP majority can write
 * nothing (the head is in the CP group), so a network split cannot fork the log.
 *
 * <h2>Without the CP subsystem ({@link OldestBrokerElection})</h2>
 *
 * With one or two brokers Raft cannot work (it needs a majority of three to survive one loss), so
 * the oldest live broker member claims, when the broker named in the head is not a live member.
 * Every member sees the same member list order (the master's), so normally one broker tries; if
 * two try at once (views differ for a moment while a member joins or leaves), both compare-and-sets
 * are on the same head and at most one per epoch succeeds; the loser sees the head's new epoch on
 * its next round. Safe as long as the grid is one cluster: the head is an IMap entry whose
 * {@code replace(key, old, new)} is atomic at its partition owner, and backups keep it when members
 * die (backup-count 2: it survives two members dying at once).
 *
 * <p>Not partition-tolerant: when the grid splits (two brokers that lose sight of each other, or
 * any split of a larger group), each side has a copy of the head and elects its own controller,
 * and both sides append. When the sides merge, Hazelcast keeps one side's entries; the brokers of
 * the other side find the log behind or unlike their images and start again from its snapshot,
 * losing that side's metadata changes. Use three or more brokers with the CP subsystem where
 * splits can happen.
 *
 * <p>Not thread-safe: called on the coordination thread only (a lock belongs to the thread that
 * took it).
 */
interface ControllerElection {

    /**
     * Whether the election (and the log) can work at all now: the CP subsystem may still be forming,
     * or be out of reach. A controller that finds it not ready stops being controller.
     */
    boolean ready();

    /**
     * Whether this broker should claim the role now. Called only when it is not the controller
     * and has applied the whole log.
     *
     * @param view the live brokers and members as this broker sees them
     * @param head the log head as read just now
     */
    boolean mayClaim(GridView view, LogHead head);

    /** Whether this broker, having claimed the role, still may act on it (for instance, still holds the lock). */
    boolean stillHolds();

    /** Gives up whatever the role holds (the lock); safe to call when nothing is held. */
    void release();

    /**
     * Keeps what the election relies on at full strength (the CP group: a restarted broker takes
     * a dead member's place). Called every round, whether or not the election is ready; never blocks.
     */
    default void maintain() {
    }

    /** A member left the grid: release what it held in the election, if anything. */
    default void memberRemoved(Member member) {
    }
}
