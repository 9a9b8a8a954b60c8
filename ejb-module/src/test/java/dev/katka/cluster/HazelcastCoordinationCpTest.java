package dev.katka.cluster;

import static dev.katka.cluster.HazelcastCoordinationTest.assertOneControllerPerEpoch;
import static dev.katka.cluster.HazelcastCoordinationTest.awaitController;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cp.CPGroup;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.CPMember;
import com.hazelcast.cp.internal.RaftService;
import com.hazelcast.cp.session.CPSession;
import com.hazelcast.cp.session.CPSessionManagementService;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import dev.katka.cluster.RecordingListener.Lost;
import dev.katka.metadata.MetadataRecord.FenceBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With three CP members the controller is the holder of the CP lock: a controller whose CP
 * session is closed while it still runs is deposed and cannot append, and a crashed controller's
 * lock is taken over within seconds (its session is closed when membership removes it, not after
 * the session TTL). The CP group survives losing one of its three members, and a restarted
 * broker takes the dead member's place in it.
 */
class HazelcastCoordinationCpTest {

    private static final Duration CP_FORMING = Duration.ofSeconds(40);
    private static final Duration FAILOVER = Duration.ofSeconds(20);
    /** The dead member's removal from the CP group (15 s after it left) and the promotion. */
    private static final Duration MEMBER_REPLACED = Duration.ofSeconds(60);

    private final TestGrid grid = new TestGrid(3, 3);
    private final List<TestBroker> brokers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        brokers.forEach(TestBroker::close);
        grid.close();
    }

    @Test
    void theControllerHoldsTheFencedLockAndLosesItWithItsSession() {
        for (int slot = 0; slot < 3; slot++) {
            brokers.add(TestBroker.start(grid, slot, slot + 1));
        }
        assertThat(brokers).allMatch(b -> b.coordination.usesCpSubsystem());
        await().atMost(CP_FORMING).until(() -> brokers.stream().filter(TestBroker::isController).count() == 1);
        TestBroker controller = awaitController(brokers);
        assertThat(controller.member.getCPSubsystem().getLock(FencedLockElection.LOCK).isLocked()).isTrue();
        int firstEpoch = controller.events.epoch();
        assertThat(controller.coordination.append(firstEpoch, List.of(new FenceBroker(1)))).isTrue();

        // Its CP session closes while it runs (as after a long pause): it is deposed at once.
        closeCpSessionsOf(controller);
        await().atMost(FAILOVER).until(() -> controller.events.events(Lost.class).contains(new Lost(firstEpoch)));
        assertThat(controller.coordination.append(firstEpoch, List.of(new FenceBroker(2)))).isFalse();
        TestBroker second = awaitController(brokers);
        int secondEpoch = second.events.epoch();
        assertThat(secondEpoch).isGreaterThan(firstEpoch);

        // It crashes: the others close its session on membership removal and elect another.
        grid.kill(second.slot);
        List<TestBroker> survivors = brokers.stream().filter(b -> b != second).toList();
        TestBroker third = awaitController(survivors);
        assertThat(third.events.epoch()).isGreaterThan(secondEpoch);
        assertThat(third.coordination.append(third.events.epoch(), List.of(new FenceBroker(3)))).isTrue();
        await().atMost(FAILOVER).until(() -> survivors.stream().allMatch(b -> b.events.image().version() == 2));
        assertThat(third.events.image().fenced()).containsExactlyInAnyOrder(1, 3);

        assertOneControllerPerEpoch(brokers);
        survivors.forEach(TestBroker::assertWellBehaved);
    }

    @Test
    void aRestartedBrokerTakesTheDeadMembersPlaceSoTheNextFailureIsSurvivedToo() {
        for (int slot = 0; slot < 3; slot++) {
            brokers.add(TestBroker.start(grid, slot, slot + 1));
        }
        TestBroker controller = awaitController(brokers);
        TestBroker victim = brokers.stream().filter(b -> b != controller).findFirst().orElseThrow();

        // Killed and started again: a new member, outside the CP group at first.
        grid.kill(victim.slot);
        brokers.remove(victim);
        victim.close();
        TestBroker restarted = TestBroker.start(grid, victim.slot, victim.id);
        brokers.add(restarted);
        await("the restarted broker in the CP group").atMost(MEMBER_REPLACED).until(() -> inDefaultCpGroup(restarted));
        // Hazelcast commits a group's new member with the votes of the old ones: the next failure
        // is survived only once the new member runs the groups' Raft nodes too (a leader dying
        // before that leaves the groups without a majority: a gap of Hazelcast's CP subsystem).
        await("the restarted broker following the CP groups' leaders").atMost(MEMBER_REPLACED)
                .until(() -> followsCpLeaders(restarted));
        assertThat(cpMemberCount(restarted)).isEqualTo(3);

        // Now the controller dies: without the replacement, one CP member of three would be left.
        grid.kill(controller.slot);
        List<TestBroker> survivors = brokers.stream().filter(b -> b != controller).toList();
        TestBroker next = awaitController(survivors);
        assertThat(next.coordination.append(next.events.epoch(), List.of(new FenceBroker(controller.id)))).isTrue();
        assertOneControllerPerEpoch(brokers);
    }

    private static boolean inDefaultCpGroup(TestBroker broker) {
        var local = broker.member.getCPSubsystem().getLocalCPMember();
        if (local == null) {
            return false;
        }
        CPGroup group = broker.member.getCPSubsystem().getCPSubsystemManagementService()
                .getCPGroup(CPGroup.DEFAULT_GROUP_NAME).toCompletableFuture().join();
        return group != null && group.members().stream().anyMatch(m -> m.getUuid().equals(local.getUuid()));
    }

    /** Looks inside Hazelcast: this member's Raft nodes of the METADATA and default groups know their leaders. */
    private static boolean followsCpLeaders(TestBroker broker) {
        CPMember local = broker.member.getCPSubsystem().getLocalCPMember();
        RaftService raft = ((HazelcastInstanceProxy) broker.member).getOriginal().node.getNodeEngine()
                .getService(RaftService.SERVICE_NAME);
        CPGroupId defaultGroup = broker.member.getCPSubsystem().getCPSubsystemManagementService()
                .getCPGroup(CPGroup.DEFAULT_GROUP_NAME).toCompletableFuture().join().id();
        return Stream.of(raft.getMetadataGroupId(), defaultGroup).map(raft::getRaftNode).allMatch(node -> node != null
                && node.getLeader() != null
                && node.getCommittedMembers().stream().anyMatch(m -> m.getUuid().equals(local.getUuid())));
    }

    private static int cpMemberCount(TestBroker broker) {
        return broker.member.getCPSubsystem().getCPSubsystemManagementService().getCPMembers()
                .toCompletableFuture().join().size();
    }

    private void closeCpSessionsOf(TestBroker broker) {
        TestBroker other = brokers.stream().filter(b -> b != broker).findFirst().orElseThrow();
        CPSessionManagementService sessions = other.member.getCPSubsystem().getCPSessionManagementService();
        var address = broker.member.getCluster().getLocalMember().getAddress();
        for (CPSession session : sessions.getAllSessions(CPGroup.DEFAULT_GROUP_NAME).toCompletableFuture().join()) {
            if (address.equals(session.endpoint())) {
                sessions.forceCloseSession(CPGroup.DEFAULT_GROUP_NAME, session.id()).toCompletableFuture().join();
            }
        }
    }
}
