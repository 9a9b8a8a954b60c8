package dev.katka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a monitoring system sees of a real broker on Payara Micro, without logging in: the health
 * probes, the metrics scrape in Prometheus text after real clients produced and consumed, and
 * the operator's log line of a new topic.
 */
class OperationsIT {

    private static final String TOPIC = "operations";
    private static final int RECORDS = 20;

    @RegisterExtension
    static final KatkaBrokerExtension BROKER = new KatkaBrokerExtension();

    private final BrokerHttp http = new BrokerHttp(BROKER.broker());

    @Test
    void livenessAndReadinessAreUpWithTheBrokersChecks() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> live = get("/health/live");
            assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
            assertThat(live.body()).contains("\"katka-network\"").contains("\"UP\"").doesNotContain("\"DOWN\"");
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> ready = get("/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"katka-broker\"").contains("\"UP\"").doesNotContain("\"DOWN\"");
        });
    }

    @Test
    void metricsShowTrafficRequestsAndClusterStateAfterClientsProducedAndConsumed() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", BROKER.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
        Properties consumerProps = new Properties();
        consumerProps.putAll(props);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "operators");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            int[] received = {0};
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> ignored : consumer.poll(Duration.ofMillis(200))) {
                    received[0]++;
                }
                return received[0] >= RECORDS;
            });
            // Commit half, so the group lags by the other half.
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(RECORDS / 2)));
        }

        // The export picks up new topics and groups within a few seconds.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = get("/metrics").body();
            assertThat(value(metrics, "katka_topic_messages_in_total", "topic", TOPIC)).isEqualTo(RECORDS);
            assertThat(value(metrics, "katka_topic_bytes_in_total", "topic", TOPIC)).isGreaterThan(RECORDS * 10);
            assertThat(value(metrics, "katka_topic_messages_out_total", "topic", TOPIC)).isEqualTo(RECORDS);
            assertThat(value(metrics, "katka_topic_bytes_out_total", "topic", TOPIC))
                    .isEqualTo(value(metrics, "katka_topic_bytes_in_total", "topic", TOPIC));
            assertThat(value(metrics, "katka_request_seconds_count", "api", "Produce")).isPositive();
            assertThat(value(metrics, "katka_request_seconds_sum", "api", "Fetch")).isPositive();
            double fetches = value(metrics, "katka_request_seconds_count", "api", "Fetch");
            assertThat(value(metrics, "katka_request_seconds_bucket", "api", "Fetch", "le", "+Inf")).isEqualTo(fetches);
            // Consumers long-poll for up to fetch.max.wait.ms (500 ms), so some fetches end above 0.5 ms.
            assertThat(value(metrics, "katka_request_seconds_bucket", "api", "Fetch", "le", "0.0005"))
                    .isLessThan(fetches);
            assertThat(value(metrics, "katka_active_controller")).isEqualTo(1);
            assertThat(value(metrics, "katka_under_replicated_partitions")).isZero();
            assertThat(value(metrics, "katka_isr_shrinks_total")).isZero();
            assertThat(value(metrics, "katka_isr_expansions_total")).isZero();
            assertThat(value(metrics, "katka_group_lag", "group", "operators")).isEqualTo(RECORDS / 2);
            assertThat(value(metrics, "katka_group_lag_sum")).isGreaterThanOrEqualTo(RECORDS / 2);
        });
        assertThat(BROKER.broker().log()).containsPattern("Created topic " + TOPIC + " \\(.*\\) with 1 partition");
    }

    private HttpResponse<String> get(String path) {
        return http.getText(path);
    }

    /**
     * The value of one sample in Prometheus text: the line of metric {@code name} whose labels
     * include every {@code label="value"} of {@code labelsAndValues} (any labels when none is given).
     */
    private static double value(String metrics, String name, String... labelsAndValues) {
        StringBuilder wanted = new StringBuilder();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            wanted.append("(?=[^}]*").append(labelsAndValues[i]).append("=\"")
                    .append(Pattern.quote(labelsAndValues[i + 1])).append("\")");
        }
        String labels = labelsAndValues.length == 0 ? "(\\{[^}]*\\})?" : "\\{" + wanted + "[^}]*\\}";
        Matcher sample = Pattern.compile("(?m)^" + name + labels + " (\\S+)$").matcher(metrics);
        assertThat(sample.find()).as("a sample of %s%s in%n%s", name, List.of(labelsAndValues), metrics).isTrue();
        return Double.parseDouble(sample.group(sample.groupCount()));
    }
}
