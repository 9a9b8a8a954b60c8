package dev.katka.connector.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.connector.TopicReader;
import dev.katka.connector.api.DeadLetterHeaders;
import dev.katka.connector.deployment.inbound.Deliveries;
import dev.katka.connector.deployment.inbound.FailingRecorder;
import dev.katka.connector.deployment.inbound.OrderedRecorder;
import dev.katka.connector.deployment.inbound.RollbackRecorder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Message-driven beans on a real Payara Micro receive records through the standalone adapter:
 * per-key order over 10,000 records with partitions processed in parallel; a bean that fails
 * on chosen records sends exactly those to the dead-letter topic while all others are processed;
 * a record whose container-managed transaction rolled back is delivered again.
 */
@AdapterOnPayaraMicro
@BrokerTopics({OrderedRecorder.TOPIC, FailingRecorder.TOPIC, RollbackRecorder.TOPIC})
class InboundIT {

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "inbound.war").addPackage(Deliveries.class.getPackage());
    }

    @ArquillianResource
    URL container;

    @Test
    void tenThousandRecordsArriveOnceEachInTheOrderOfTheirKeyWithPartitionsInParallel() {
        int keys = 100;
        int perKey = 100;
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < perKey; i++) {
                for (int k = 0; k < keys; k++) {
                    producer.send(new ProducerRecord<>(OrderedRecorder.TOPIC, "key-" + k, "key-" + k + ":" + i));
                }
            }
        }
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(summary(OrderedRecorder.TOPIC).get("count")).isEqualTo(keys * perKey));
        Map<String, Object> summary = summary(OrderedRecorder.TOPIC);
        assertThat(summary).containsEntry("keys", keys).containsEntry("inOrder", true);
        assertThat((Integer) summary.get("mostInFlight")).as("deliveries of different partitions overlapped")
                .isBetween(2, 3);
    }

    @Test
    void recordsTheBeanCannotProcessGoToTheDeadLetterTopicWithWhyAndWhence() {
        Set<String> poison = Set.of("poison:7", "poison:42", "poison:99");
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 100; i++) {
                String value = poison.contains("poison:" + i) ? "poison:" + i : "food:" + i;
                producer.send(new ProducerRecord<>(FailingRecorder.TOPIC, "key-" + (i % 10), value));
            }
        }
        List<ConsumerRecord<byte[], byte[]>> deadLetters =
                TopicReader.readAll(KatkaBrokerExtension.bootstrapServers(), FailingRecorder.DEAD_LETTERS, poison.size());
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(summary(FailingRecorder.TOPIC).get("count")).isEqualTo(100 - poison.size()));

        Set<String> dead = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            dead.add(value);
            assertThat(header(record, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
            assertThat(header(record, DeadLetterHeaders.EXCEPTION_MESSAGE)).isEqualTo("cannot digest " + value);
            assertThat(header(record, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(FailingRecorder.TOPIC);
            assertThat(header(record, DeadLetterHeaders.ORIGINAL_PARTITION)).matches("[0-5]");
            assertThat(header(record, DeadLetterHeaders.ORIGINAL_OFFSET)).matches("\\d+");
            assertThat(header(record, DeadLetterHeaders.DELIVERY_ATTEMPTS)).isEqualTo("3");
        }
        assertThat(dead).isEqualTo(poison);
        for (String value : poison) {
            assertThat(get("api/deliveries/attempts/" + value)).as("one delivery and two retries").isEqualTo("3");
        }
        assertThat(get("api/deliveries/attempts/food:8")).isEqualTo("1");
    }

    @Test
    void aRecordWhoseTransactionRolledBackIsDeliveredAgain() {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 20; i++) {
                String value = i % 5 == 3 ? "rollback:" + i : "plain:" + i;
                producer.send(new ProducerRecord<>(RollbackRecorder.TOPIC, "key-" + (i % 4), value));
            }
        }
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(summary(RollbackRecorder.TOPIC).get("count")).isEqualTo(20));
        assertThat(summary(RollbackRecorder.TOPIC)).containsEntry("inOrder", true);
        for (int i : new int[] {3, 8, 13, 18}) {
            assertThat(get("api/deliveries/attempts/rollback:" + i)).as("rolled back once, then taken").isEqualTo("2");
        }
        assertThat(get("api/deliveries/attempts/plain:4")).isEqualTo("1");
    }

    private Map<String, Object> summary(String topic) {
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = JSON.fromJson(get("api/deliveries/" + topic), Map.class);
        // JSON-B reads numbers as BigDecimal.
        Map<String, Object> normalised = new java.util.HashMap<>();
        summary.forEach((k, v) -> normalised.put(k, v instanceof Number n ? n.intValue() : v));
        return normalised;
    }

    private String get(String path) {
        HttpResponse<String> response = PayaraMicroApplications.get(container, "inbound", path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, String> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KatkaBrokerExtension.bootstrapServers());
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

}
