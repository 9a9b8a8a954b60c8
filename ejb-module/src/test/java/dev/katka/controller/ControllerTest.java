package dev.katka.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.controller.ControllerAction.Append;
import dev.katka.controller.ControllerAction.Reply;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataRecord;
import dev.katka.metadata.PartitionState;
import dev.katka.metadata.TopicImage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller's answers to admin requests, on a three-broker cluster. */
class ControllerTest {

    private Controller controller;
    private long nextRequest;

    @BeforeEach
    void takeOffice() {
        controller = new Controller(1, MetadataImage.EMPTY, false, new Random(7));
        controller.handle(new ControllerEvent.TookOffice(Set.of(broker(1), broker(2), broker(3)), 0));
    }

    private static BrokerRegistration broker(int id) {
        return new BrokerRegistration(id, "127.0.0.1", 9090 + id, null, 1);
    }

    private Reply reply(List<ControllerAction> actions) {
        return actions.stream().filter(Reply.class::isInstance).map(Reply.class::cast).findFirst().orElseThrow();
    }

    private List<ControllerAction> create(String name, int partitions, int replicationFactor, boolean validateOnly) {
        return controller.handle(new ControllerEvent.CreateTopic(nextRequest++, name, partitions,
                (short) replicationFactor, Map.of(), null, validateOnly));
    }

    @Test
    void aTopicGetsEvenlySpreadReplicasWithTheFirstAsLeader() {
        List<ControllerAction> actions = create("orders", 6, 3, false);

        TopicImage topic = (TopicImage) reply(actions).value();
        assertThat(actions.get(0)).isInstanceOf(Append.class);
        assertThat(topic.partitions()).hasSize(6).allSatisfy(p -> {
            assertThat(p.replicas()).hasSize(3).doesNotHaveDuplicates();
            assertThat(p.leader()).isEqualTo(p.replicas().get(0));
            assertThat(p.isr()).isEqualTo(p.replicas());
        });
        assertThat(topic.partitions().stream().map(PartitionState::leader))
                .as("leaders spread over the brokers").containsOnly(1, 2, 3).contains(1, 2, 3);
    }

    @Test
    void validateOnlyAnswersAsTheCreationWouldAndChangesNothing() {
        long before = controller.image().version();

        List<ControllerAction> actions = create("orders", 3, 2, true);

        assertThat(reply(actions).error()).isEqualTo(Errors.NONE);
        assertThat(actions).noneMatch(Append.class::isInstance);
        assertThat(controller.image().version()).isEqualTo(before);
        assertThat(controller.image().topic("orders")).isEmpty();
        assertThat(reply(create("orders", 3, 4, true)).error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void namesThatCollideInMetricsAreRefused() {
        create("orders.eu", 1, 1, false);

        Reply refused = reply(create("orders_eu", 1, 1, false));

        assertThat(refused.error()).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(refused.message()).contains("orders.eu");
    }

    @Test
    void internalTopicsCannotBeDeleted() {
        TopicImage offsets = (TopicImage) reply(create("__consumer_offsets", 1, 1, false)).value();

        Reply refused = reply(controller.handle(new ControllerEvent.DeleteTopic(nextRequest++, offsets.id())));

        assertThat(refused.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(controller.image().topic("__consumer_offsets")).isPresent();
    }

    @Test
    void aFailedBrokerLosesLeadershipToAnInSyncReplica() {
        TopicImage topic = (TopicImage) reply(create("orders", 3, 3, false)).value();
        int failed = topic.partition(0).leader();

        List<ControllerAction> actions = controller.handle(new ControllerEvent.BrokerFailed(failed));

        assertThat(actions).singleElement().isInstanceOf(Append.class);
        assertThat(((Append) actions.get(0)).records()).first().isEqualTo(new MetadataRecord.FenceBroker(failed));
        for (PartitionState state : controller.image().topic("orders").orElseThrow().partitions()) {
            assertThat(state.leader()).isNotEqualTo(failed);
            assertThat(state.isr()).doesNotContain(failed).contains(state.leader());
        }
    }

    @Test
    void anIsrChangeFromAStaleLeaderEpochIsFenced() {
        TopicImage topic = (TopicImage) reply(create("orders", 1, 3, false)).value();
        PartitionState state = topic.partition(0);

        Reply stale = reply(controller.handle(new ControllerEvent.AlterPartition(nextRequest++, state.leader(),
                topic.id(), 0, state.leaderEpoch() - 1, state.partitionEpoch(), List.of(state.leader()))));
        Reply accepted = reply(controller.handle(new ControllerEvent.AlterPartition(nextRequest++, state.leader(),
                topic.id(), 0, state.leaderEpoch(), state.partitionEpoch(), List.of(state.leader()))));

        assertThat(stale.error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        assertThat(accepted.error()).isEqualTo(Errors.NONE);
        assertThat(((PartitionState) accepted.value()).isr()).containsExactly(state.leader());
        assertThat(((PartitionState) accepted.value()).partitionEpoch()).isEqualTo(state.partitionEpoch() + 1);
    }

    // ---------------------------------------------------------------- reassignment

    private TopicImage createAssigned(String name, List<List<Integer>> assignment) {
        return (TopicImage) reply(controller.handle(new ControllerEvent.CreateTopic(nextRequest++, name,
                assignment.size(), (short) assignment.get(0).size(), Map.of(), assignment, false))).value();
    }

    private PartitionState state(String topic, int partition) {
        return controller.image().topic(topic).orElseThrow().partition(partition);
    }

    private Reply reassign(TopicImage topic, int partition, List<Integer> target) {
        return reply(controller.handle(new ControllerEvent.Reassign(nextRequest++, topic.id(), partition, target)));
    }

    /** The leader asks to add {@code follower} to the ISR, as it does once the follower has caught up. */
    private Reply leaderAddsToIsr(TopicImage topic, int partition, int follower) {
        PartitionState state = state(topic.name(), partition);
        List<Integer> grown = new java.util.ArrayList<>(state.isr());
        grown.add(follower);
        return reply(controller.handle(new ControllerEvent.AlterPartition(nextRequest++, state.leader(), topic.id(),
                partition, state.leaderEpoch(), state.partitionEpoch(), grown)));
    }

    @Test
    void aReassignmentAddsTheNewReplicaFirstAndDropsTheLeavingLeaderOnceTheNewOneIsInSync() {
        TopicImage topic = createAssigned("moving", List.of(List.of(1, 2)));

        Reply started = reassign(topic, 0, List.of(2, 3));

        assertThat(started.error()).isEqualTo(Errors.NONE);
        PartitionState moving = state("moving", 0);
        assertThat(moving.replicas()).containsExactly(2, 3, 1);
        assertThat(moving.addingReplicas()).containsExactly(3);
        assertThat(moving.removingReplicas()).containsExactly(1);
        assertThat(moving.leader()).as("the leaving leader leads until the new replica is in sync").isEqualTo(1);
        assertThat(moving.isr()).containsExactly(1, 2);

        assertThat(leaderAddsToIsr(topic, 0, 3).error()).isEqualTo(Errors.NONE);

        PartitionState moved = state("moving", 0);
        assertThat(moved.replicas()).containsExactly(2, 3);
        assertThat(moved.addingReplicas()).isEmpty();
        assertThat(moved.removingReplicas()).isEmpty();
        assertThat(moved.leader()).as("leadership moved off the leaving replica to one in sync").isEqualTo(2);
        assertThat(moved.leaderEpoch()).isEqualTo(moving.leaderEpoch() + 1);
        assertThat(moved.isr()).containsExactlyInAnyOrder(2, 3);
    }

    @Test
    void aCancelledReassignmentGoesBackToTheReplicasBeforeIt() {
        TopicImage topic = createAssigned("staying", List.of(List.of(1, 2)));
        reassign(topic, 0, List.of(2, 3));

        Reply cancelled = reassign(topic, 0, null);

        assertThat(cancelled.error()).isEqualTo(Errors.NONE);
        PartitionState state = state("staying", 0);
        // As in Kafka: the replicas before the reassignment, in the order the reassignment left them.
        assertThat(state.replicas()).containsExactlyInAnyOrder(1, 2);
        assertThat(state.addingReplicas()).isEmpty();
        assertThat(state.removingReplicas()).isEmpty();
        assertThat(state.leader()).isEqualTo(1);
    }

    @Test
    void badReassignmentsGetKafkasErrorsNamingTheBadValue() {
        TopicImage topic = createAssigned("orders", List.of(List.of(1, 2)));

        Reply nothingToCancel = reassign(topic, 0, null);
        Reply noSuchPartition = reassign(topic, 5, List.of(1, 2));
        Reply unknownBroker = reassign(topic, 0, List.of(1, 9));
        Reply twice = reassign(topic, 0, List.of(1, 1));
        Reply otherFactor = reply(controller.handle(new ControllerEvent.Reassign(nextRequest++, topic.id(), 0,
                List.of(1, 2, 3), false)));

        assertThat(nothingToCancel.error()).isEqualTo(Errors.NO_REASSIGNMENT_IN_PROGRESS);
        assertThat(nothingToCancel.message()).contains("orders-0");
        assertThat(noSuchPartition.error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(noSuchPartition.message()).contains("partition 5");
        assertThat(unknownBroker.error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(unknownBroker.message()).contains("broker 9");
        assertThat(twice.error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(otherFactor.error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(otherFactor.message()).contains("from 2 to 3");
        assertThat(state("orders", 0).replicas()).as("nothing changed").containsExactly(1, 2);
    }

    // ---------------------------------------------------------------- leader elections

    @SuppressWarnings("unchecked")
    private Map<TopicPartition, ApiError> elect(ElectionType type, Map<String, Set<Integer>> partitions) {
        Reply reply = reply(controller.handle(new ControllerEvent.ElectLeaders(nextRequest++, type, partitions)));
        assertThat(reply.error()).isEqualTo(Errors.NONE);
        return (Map<TopicPartition, ApiError>) reply.value();
    }

    @Test
    void preferredElectionBringsThePreferredReplicaBackOnceItIsInSync() {
        TopicImage topic = createAssigned("orders", List.of(List.of(1, 2, 3)));
        controller.handle(new ControllerEvent.BrokerFailed(1));
        controller.handle(new ControllerEvent.BrokerStarted(new BrokerRegistration(1, "127.0.0.1", 9091, null, 2)));
        TopicPartition p0 = new TopicPartition("orders", 0);

        ApiError notInSync = elect(ElectionType.PREFERRED, Map.of("orders", Set.of(0))).get(p0);
        leaderAddsToIsr(topic, 0, 1);
        ApiError elected = elect(ElectionType.PREFERRED, Map.of("orders", Set.of(0))).get(p0);
        ApiError again = elect(ElectionType.PREFERRED, Map.of("orders", Set.of(0))).get(p0);

        assertThat(notInSync.error()).isEqualTo(Errors.PREFERRED_LEADER_NOT_AVAILABLE);
        assertThat(notInSync.message()).contains("Preferred replica 1 of orders-0");
        assertThat(elected.error()).isEqualTo(Errors.NONE);
        assertThat(state("orders", 0).leader()).isEqualTo(1);
        assertThat(again.error()).isEqualTo(Errors.ELECTION_NOT_NEEDED);
        assertThat(elect(ElectionType.PREFERRED, null)).as("every partition: those not needing one are left out")
                .isEmpty();
    }

    @Test
    void uncleanElectionGivesAnOfflinePartitionALiveReplicaOutsideTheIsr() {
        createAssigned("orders", List.of(List.of(1, 2)));
        createAssigned("lonely", List.of(List.of(3)));
        controller.handle(new ControllerEvent.BrokerFailed(2));
        controller.handle(new ControllerEvent.BrokerFailed(1));
        controller.handle(new ControllerEvent.BrokerFailed(3));
        controller.handle(new ControllerEvent.BrokerStarted(new BrokerRegistration(2, "127.0.0.1", 9092, null, 2)));
        assertThat(state("orders", 0).hasLeader()).as("a clean election finds no one").isFalse();

        Map<TopicPartition, ApiError> results = elect(ElectionType.UNCLEAN,
                Map.of("orders", Set.of(0), "lonely", Set.of(0), "missing", Set.of(0)));

        assertThat(results.get(new TopicPartition("orders", 0)).error()).isEqualTo(Errors.NONE);
        assertThat(state("orders", 0).leader()).isEqualTo(2);
        assertThat(state("orders", 0).isr()).containsExactly(2);
        assertThat(results.get(new TopicPartition("lonely", 0)).error()).isEqualTo(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE);
        assertThat(results.get(new TopicPartition("missing", 0)).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(results.get(new TopicPartition("missing", 0)).message()).contains("'missing'");
        assertThat(elect(ElectionType.UNCLEAN, Map.of("orders", Set.of(0))).get(new TopicPartition("orders", 0)).error())
                .isEqualTo(Errors.ELECTION_NOT_NEEDED);
    }
}
