package dev.katka.connector.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.connector.api.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a message-driven bean is given, in what order, and what happens to the records it fails on. */
class InboundDeliveryTest {

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
    void everyRecordIsDeliveredOnceInPartitionOrderWithPartitionsInParallel() throws Exception {
        fixture.createTopic("orders", 6);
        fixture.produce("orders", 10_000, 60);
        RecordingBean bean = new RecordingBean((record, earlier) -> assertThat(record.header("seq"))
                .asString(StandardCharsets.UTF_8).isEqualTo(record.valueAsString()));
        KatkaActivationSpec spec = fixture.spec("orders", "order-handlers");
        spec.setMaxConcurrency("3");
        spec.setPollSize("200");
        TestEndpointFactory factory = fixture.activate(spec, bean);

        fixture.awaitAllCommitted("order-handlers", "orders", 6);

        assertThat(bean.deliveredCount()).isEqualTo(10_000);
        Map<TopicPartition, Long> end = fixture.endOffsets("orders", 6);
        bean.offsetsByPartition().forEach((partition, offsets) -> assertThat(offsets)
                .as("offsets of partition %d in delivery order", partition)
                .containsExactlyElementsOf(LongStream.range(0, end.get(new TopicPartition("orders", partition)))
                        .boxed().toList()));
        Map<String, List<Integer>> valuesByKey = bean.delivered().stream().collect(Collectors.groupingBy(
                RecordingBean.Delivery::key,
                Collectors.mapping(delivery -> Integer.parseInt(delivery.value()), Collectors.toList())));
        assertThat(valuesByKey).hasSize(60);
        valuesByKey.forEach((key, values) -> assertThat(values).as("values of %s", key).isSorted());
        assertThat(bean.overlaps()).as("deliveries of one partition that overlapped").isEmpty();
        assertThat(bean.maxInFlight()).as("deliveries at once").isBetween(2, 3);
        fixture.deactivate(factory, spec);
        assertThat(factory.endpointsReleased()).isEqualTo(factory.endpointsCreated());
    }

    @Test
    void recordsTheBeanKeepsFailingOnGoToTheDeadLetterTopicAfterTheirRetriesAndEveryOtherRecordIsDeliveredOnce()
            throws Exception {
        fixture.createTopic("payments", 3);
        fixture.createTopic("payments.dlt", 1);
        fixture.produce("payments", 300, 30);
        Set<String> poisoned = Set.of("0", "50", "100", "150", "200", "250");
        RecordingBean bean = new RecordingBean((record, earlier) -> {
            if (poisoned.contains(record.valueAsString())) {
                throw new IllegalStateException("cannot pay " + record.valueAsString());
            }
        });
        KatkaActivationSpec spec = fixture.spec("payments", "payers");
        spec.setRetries("2");
        spec.setDeadLetterTopic("payments.dlt");
        spec.setMaxConcurrency("2");
        TestEndpointFactory factory = fixture.activate(spec, bean);

        fixture.awaitAllCommitted("payers", "payments", 3);

        List<ConsumerRecord<byte[], byte[]>> dead = fixture.readAll("payments.dlt", poisoned.size());
        assertThat(dead).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(poisoned);
        for (ConsumerRecord<byte[], byte[]> record : dead) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            int partition = Integer.parseInt(text(record, DeadLetterHeaders.ORIGINAL_PARTITION));
            long offset = Long.parseLong(text(record, DeadLetterHeaders.ORIGINAL_OFFSET));
            assertThat(text(record, "seq")).as("the record's own header").isEqualTo(value);
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo("key-" + (Integer.parseInt(value) % 30));
            assertThat(text(record, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
            assertThat(text(record, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("cannot pay " + value);
            assertThat(text(record, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("payments");
            assertThat(text(record, DeadLetterHeaders.DELIVERY_ATTEMPTS)).isEqualTo("3");
            assertThat(bean.attempts("payments", partition, offset)).as("deliveries of %s", value).isEqualTo(3);
        }
        List<String> delivered = bean.delivered().stream().map(RecordingBean.Delivery::value).toList();
        assertThat(delivered).doesNotHaveDuplicates().hasSize(300 - poisoned.size())
                .doesNotContainAnyElementsOf(poisoned);
        assertThat(bean.overlaps()).isEmpty();
        fixture.deactivate(factory, spec);
    }

    @Test
    void aRecordWhoseTransactionRolledBackIsDeliveredAgain() throws Exception {
        fixture.createTopic("invoices", 2);
        fixture.produce("invoices", 100, 10);
        RecordingBean bean = new RecordingBean((record, earlier) -> {
            // Returns normally: only the transaction's outcome tells the adapter it failed.
            if (Integer.parseInt(record.valueAsString()) % 10 == 3 && earlier == 0) {
                TestEndpointFactory.setRollbackOnly();
            }
        });
        KatkaActivationSpec spec = fixture.spec("invoices", "invoicing");
        TestEndpointFactory factory = fixture.activate(spec, bean, true);

        fixture.awaitAllCommitted("invoicing", "invoices", 2);

        for (ConsumerRecord<byte[], byte[]> record : fixture.readAll("invoices", 100)) {
            int value = Integer.parseInt(new String(record.value(), StandardCharsets.UTF_8));
            assertThat(bean.attempts("invoices", record.partition(), record.offset())).as("deliveries of %d", value)
                    .isEqualTo(value % 10 == 3 ? 2 : 1);
        }
        // The bean returned normally both times; the second delivery came right after the first,
        // before any later record of the partition.
        assertThat(bean.delivered()).hasSize(110);
        bean.offsetsByPartition().forEach((partition, offsets) -> assertThat(offsets).isSorted());
        fixture.deactivate(factory, spec);
    }

    @Test
    void withoutDeadLetterTopicARecordTheBeanFailsOnHoldsItsPartitionUntilTheBeanTakesIt() throws Exception {
        fixture.createTopic("shipments", 2);
        fixture.produce("shipments", 40, 40);
        Map<TopicPartition, Long> end = fixture.endOffsets("shipments", 2);
        AtomicBoolean repaired = new AtomicBoolean();
        RecordingBean bean = new RecordingBean((record, earlier) -> {
            if (record.partition() == 0 && record.offset() == 5 && !repaired.get()) {
                throw new IllegalStateException("the warehouse is down");
            }
        });
        KatkaActivationSpec spec = fixture.spec("shipments", "shippers");
        spec.setRetries("1");
        TestEndpointFactory factory = fixture.activate(spec, bean);

        TopicPartition first = new TopicPartition("shipments", 0);
        TopicPartition second = new TopicPartition("shipments", 1);
        await().atMost(InboundFixture.DEADLINE).until(() -> bean.attempts("shipments", 0, 5) >= 5
                && end.get(second).equals(fixture.committedOffsets("shippers").get(second)));
        assertThat(fixture.committedOffsets("shippers").get(first)).isEqualTo(5L);
        assertThat(bean.offsetsByPartition().get(0)).containsExactly(0L, 1L, 2L, 3L, 4L);

        repaired.set(true);
        fixture.awaitAllCommitted("shippers", "shipments", 2);
        assertThat(bean.offsetsByPartition().get(0))
                .containsExactlyElementsOf(LongStream.range(0, end.get(first)).boxed().toList());
        fixture.deactivate(factory, spec);
    }

    private static String text(ConsumerRecord<byte[], byte[]> record, String header) {
        org.apache.kafka.common.header.Header last = record.headers().lastHeader(header);
        assertThat(last).as("header %s", header).isNotNull();
        return new String(last.value(), StandardCharsets.UTF_8);
    }
}
