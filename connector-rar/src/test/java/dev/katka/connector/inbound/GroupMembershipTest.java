package dev.katka.connector.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an activation behaves as a member of its consumer group: slow beans, deactivation, resumption. */
class GroupMembershipTest {

    @TempDir
    static Path dataDir;
    static InboundFixture fixture;

    @BeforeAll
    static void startBrokerAndAdapter() {
        fixture = new InboundFixture(dataDir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aBeanSlowerThanTheMaxPollIntervalKeepsItsMembershipAndGetsEachRecordOnce() throws Exception {
        fixture.createTopic("reports", 1);
        fixture.produce("reports", 4, 1);
        // The bean's work takes 1.2 s a record: 4.8 s for the partition, longer than the 3 s a
        // consumer may go without polling before the group throws it out.
        RecordingBean bean = new RecordingBean((record, earlier) -> Thread.sleep(1_200));
        KatkaActivationSpec spec = fixture.spec("reports", "reporters");
        spec.setSessionTimeoutMs("6000");
        spec.setProperties("max.poll.interval.ms=3000;heartbeat.interval.ms=500");
        TestEndpointFactory factory = fixture.activate(spec, bean);

        await().atMost(InboundFixture.DEADLINE).until(() -> fixture.describeGroup("reporters").members().size() == 1);
        String member = memberId(fixture.describeGroup("reporters"));

        fixture.awaitAllCommitted("reporters", "reports", 1);

        assertThat(bean.delivered()).extracting(RecordingBean.Delivery::offset).containsExactly(0L, 1L, 2L, 3L);
        ConsumerGroupDescription group = fixture.describeGroup("reporters");
        assertThat(group.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(memberId(group)).as("the member, which a rejoin would have replaced").isEqualTo(member);
        fixture.deactivate(factory, spec);
    }

    @Test
    void deactivationFinishesTheDeliveriesInProgressCommitsLeavesTheGroupAndANewActivationContinuesWhereItStopped()
            throws Exception {
        fixture.createTopic("events", 3);
        fixture.produce("events", 3_000, 300);
        Semaphore permits = new Semaphore(1_000);
        RecordingBean first = new RecordingBean((record, earlier) -> {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no permit");
            }
        });
        KatkaActivationSpec spec = fixture.spec("events", "auditors");
        spec.setMaxConcurrency("2");
        spec.setDrainTimeoutMs("20000");
        TestEndpointFactory firstFactory = fixture.activate(spec, first);
        await().atMost(InboundFixture.DEADLINE).until(() -> first.deliveredCount() == 1_000);

        // Both workers now wait in the bean for a permit: deactivation must let them finish. The
        // bean may take a few more records before the workers see the stop, never after it returned.
        long start = System.nanoTime();
        CompletableFuture<Void> deactivation = CompletableFuture.runAsync(() -> fixture.deactivate(firstFactory, spec));
        permits.release(3_000);
        deactivation.get(InboundFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int deliveredByFirst = first.deliveredCount();

        assertThat(took).as("deactivation, which waits for deliveries only as long as they take")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(deliveredByFirst).isGreaterThan(1_000).isLessThan(3_000);
        long committed = fixture.committedOffsets("auditors").values().stream().mapToLong(Long::longValue).sum();
        assertThat(committed).as("offsets committed at deactivation").isEqualTo(deliveredByFirst);
        // Left by a LeaveGroup, not after the 45 s session timeout.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            ConsumerGroupDescription group = fixture.describeGroup("auditors");
            assertThat(group.members()).isEmpty();
            assertThat(group.groupState()).isEqualTo(GroupState.EMPTY);
        });
        await().atMost(InboundFixture.DEADLINE).until(fixture::allWorkEnded);

        RecordingBean second = new RecordingBean();
        TestEndpointFactory secondFactory = fixture.activate(spec, second);
        fixture.awaitAllCommitted("auditors", "events", 3);

        assertThat(first.deliveredCount()).as("deliveries to the deactivated bean").isEqualTo(deliveredByFirst);
        List<String> values = new ArrayList<>();
        first.delivered().forEach(delivery -> values.add(delivery.value()));
        second.delivered().forEach(delivery -> values.add(delivery.value()));
        assertThat(values).doesNotHaveDuplicates().hasSize(3_000);
        fixture.deactivate(secondFactory, spec);
    }

    @Test
    void whenASecondBeanJoinsTheGroupTheRevokedPartitionsAreHandedOverWithoutLossOrDuplicates() throws Exception {
        fixture.createTopic("clicks", 4);
        fixture.produce("clicks", 2_000, 200);
        // 10 ms of work per record (about 10 s for all of them with two workers), so that the
        // second member joins while the first is busy.
        RecordingBean first = new RecordingBean((record, earlier) -> Thread.sleep(10));
        RecordingBean second = new RecordingBean((record, earlier) -> Thread.sleep(10));
        KatkaActivationSpec firstSpec = fixture.spec("clicks", "counters");
        firstSpec.setMaxConcurrency("2");
        KatkaActivationSpec secondSpec = fixture.spec("clicks", "counters");
        secondSpec.setMaxConcurrency("2");
        TestEndpointFactory firstFactory = fixture.activate(firstSpec, first);
        await().atMost(InboundFixture.DEADLINE).until(() -> first.deliveredCount() >= 200);

        TestEndpointFactory secondFactory = fixture.activate(secondSpec, second);
        await().atMost(InboundFixture.DEADLINE).until(() -> second.deliveredCount() > 0);
        fixture.awaitAllCommitted("counters", "clicks", 4);

        assertThat(first.deliveredCount()).as("deliveries to the first bean").isLessThan(2_000);
        assertThat(fixture.describeGroup("counters").members()).hasSize(2);
        List<String> values = new ArrayList<>();
        first.delivered().forEach(delivery -> values.add(delivery.value()));
        second.delivered().forEach(delivery -> values.add(delivery.value()));
        assertThat(values).doesNotHaveDuplicates().hasSize(2_000);
        fixture.deactivate(firstFactory, firstSpec);
        fixture.deactivate(secondFactory, secondSpec);
    }

    private static String memberId(ConsumerGroupDescription group) {
        assertThat(group.members()).hasSize(1);
        MemberDescription member = group.members().iterator().next();
        return member.consumerId();
    }
}
