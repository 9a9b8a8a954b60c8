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
import org.apache.kafka.common.protocol.Errors;
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
}
