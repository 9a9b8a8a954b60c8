package dev.katka.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.CPSubsystem;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import com.hazelcast.cp.session.CPSession;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The election with the CP subsystem: the holder of the CP {@link FencedLock} {@value #LOCK}
 * claims the role. See {@link ControllerElection} for why the epoch is not the lock's fence.
 *
 * <p>A crashed holder's CP session would keep the lock until the session TTL runs out; so when
 * membership removes a member, its CP sessions are closed at once. Membership removes a member
 * that stopped answering heartbeats, which may also be a member cut off by the network and still
 * running: it then loses the lock early, which costs an election but not safety (its head
 * compare-and-sets fail, and without the CP majority it could not have committed anyway).
 *
 * <p>Not thread-safe: the coordination thread only; the lock belongs to that thread.
 */
final class FencedLockElection implements ControllerElection {

    static final String LOCK = "katka-controller";
    private static final Logger LOG = Logger.getLogger(FencedLockElection.class.getName());
    private static final long SESSION_CALL_TIMEOUT_SECONDS = 5;

    private final HazelcastInstance hazelcast;
    private final CPSubsystem cp;
    private final int cpMemberCount;
    private final int majority;
    /** Made on first use, once the CP subsystem has formed (getting the proxy waits until then). */
    private FencedLock lock;
    private boolean holding;
    /** Given up without unlocking (out of reach): the lock may still be this thread's if the session survived. */
    private boolean mayStillBeLocked;
    /** Whether this member was in the CP group (the default Raft group) when last looked at. */
    private volatile boolean inCpGroup;
    /** Reading the CP group's members; one read at a time. */
    private CompletableFuture<Void> membershipCheck = CompletableFuture.completedFuture(null);
    /** Asking for this member's promotion into the CP group; one request at a time. */
    private CompletableFuture<Void> promotion = CompletableFuture.completedFuture(null);

    FencedLockElection(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.cp = hazelcast.getCPSubsystem();
        this.cpMemberCount = hazelcast.getConfig().getCPSubsystemConfig().getCPMemberCount();
        this.majority = cpMemberCount / 2 + 1;
    }

    @Override
    public boolean ready() {
        // Fewer members than a majority of the CP group in sight (this member is cut off), or the
        // CP subsystem not formed yet (fewer than its members have met): every CP call would only
        // wait for its timeout (a minute), while the coordination must go on.
        return hazelcast.getCluster().getMembers().size() >= majority
                && cp.getCPSubsystemManagementService().isDiscoveryCompleted();
    }

    /**
     * The CP group has no persistence: a restarted broker is a new member, outside the group, and
     * the dead member it replaces leaves the group only after Hazelcast's missing-member timeout.
     * Once the group is short of its members, a member outside it joins it; without that, every
     * restart would leave the group one failure closer to losing its majority for good.
     */
    @Override
    public void maintain() {
        if (!ready() || !membershipCheck.isDone() || !promotion.isDone()) {
            return;
        }
        CPMember local = cp.getLocalCPMember();
        if (local == null) {
            record(false);
            promoteIfShort();
            return;
        }
        // A promoted member belongs to the CP subsystem at once, but joins the Raft group that
        // holds the lock and the log head only once that group has added it: until then, the
        // group has not regained its third member.
        membershipCheck = cp.getCPSubsystemManagementService().getCPGroup(CPGroup.DEFAULT_GROUP_NAME)
                .toCompletableFuture()
                .thenAccept(group -> record(group != null && group.members().stream()
                        .anyMatch(m -> m.getUuid().equals(local.getUuid()))))
                .exceptionally(failure -> {
                    LOG.log(Level.FINE, "Could not read the CP group's members; asked again next round", failure);
                    return null;
                });
    }

    private void record(boolean member) {
        if (member != inCpGroup) {
            inCpGroup = member;
            // The operator's sign that the group is whole again after a restart.
            LOG.info(member ? "This member is in the CP group" : "This member is not in the CP group");
        }
    }

    private void promoteIfShort() {
        var management = cp.getCPSubsystemManagementService();
        promotion = management.getCPMembers().toCompletableFuture().thenCompose(members -> {
            if (members.size() >= cpMemberCount) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            LOG.info(() -> "The CP group has " + members.size() + " of its " + cpMemberCount
                    + " members: this member joins it");
            return management.promoteToCPMember().toCompletableFuture()
                    .thenRun(() -> LOG.info("This member was promoted into the CP group"));
        }).exceptionally(failure -> {
            // Tried again next round.
            LOG.log(Level.WARNING, "Could not join the CP group", failure);
            return null;
        });
    }

    @Override
    public boolean mayClaim(GridView view, LogHead head) {
        if (!holding) {
            if (lock == null) {
                lock = cp.getLock(LOCK);
            }
            // The lock is reentrant: taking it again would need two unlocks to free it.
            holding = (mayStillBeLocked && lock.isLockedByCurrentThread()) || lock.tryLock();
            mayStillBeLocked = false;
        }
        return holding;
    }

    @Override
    public boolean stillHolds() {
        if (!holding) {
            return false;
        }
        try {
            holding = lock.isLockedByCurrentThread();
        } catch (LockOwnershipLostException e) {
            holding = false;
        }
        return holding;
    }

    @Override
    public void release() {
        if (!holding) {
            return;
        }
        holding = false;
        if (!ready()) {
            // Unreachable: unlock would only wait. The session expires and frees the lock, unless
            // this member is back in time, when the next claim finds the lock still its own.
            mayStillBeLocked = true;
            return;
        }
        try {
            lock.unlock();
        } catch (IllegalMonitorStateException e) { // LockOwnershipLostException included
            // Already lost with the session: nothing to give back.
        }
    }

    @Override
    public void memberRemoved(Member member) {
        Set<Address> present = hazelcast.getCluster().getMembers().stream().map(Member::getAddress)
                .collect(Collectors.toSet());
        if (present.contains(member.getAddress()) || !ready()) {
            // A new member at the same address: its sessions are not the dead one's to close.
            // No CP subsystem yet: no sessions either.
            return;
        }
        try {
            Collection<CPSession> sessions = cp.getCPSessionManagementService()
                    .getAllSessions(CPGroup.DEFAULT_GROUP_NAME).toCompletableFuture()
                    .get(SESSION_CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (CPSession session : sessions) {
                if (session.endpointType() == CPSession.CPSessionOwnerType.SERVER
                        && member.getAddress().equals(session.endpoint())) {
                    boolean closed = cp.getCPSessionManagementService()
                            .forceCloseSession(CPGroup.DEFAULT_GROUP_NAME, session.id()).toCompletableFuture()
                            .get(SESSION_CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.log(Level.FINE, "CP session {0} of departed member {1} closed: {2}",
                            new Object[] {session.id(), member, closed});
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The session will expire with its TTL; the election only takes longer.
            LOG.log(Level.WARNING, "Could not close the CP sessions of departed member " + member, e);
        }
    }
}
