package dev.katka.connector.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.connector.config.Placeholders;
import jakarta.resource.spi.InvalidPropertyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class KatkaActivationSpecTest {

    private final Placeholders placeholders = Placeholders.of(
            Map.of("KATKA_BOOTSTRAP_SERVERS", "10.0.0.1:9092", "RETRIES", "7"), Map.of("group", "billing"));

    @Test
    void defaultsAreSafeForABeanThatIsNotWrittenForConcurrency() throws Exception {
        ActivationSettings settings = spec(s -> { }).settings(placeholders);

        assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(settings.maxConcurrency()).isEqualTo(1);
        assertThat(settings.retries()).isEqualTo(3);
        assertThat(settings.deadLetterTopic()).isNull();
        Properties consumer = settings.consumerProperties();
        assertThat(consumer).containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "latest")
                .containsEntry("group.id", "orders-group")
                .containsEntry("client.id", "katka-orders-group")
                .containsEntry("partition.assignment.strategy",
                        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    }

    @Test
    void everyPropertyMayBeAPlaceholderAndFurtherPropertiesReachTheClients() throws Exception {
        ActivationSettings settings = spec(s -> {
            s.setBootstrapServers("${ENV=KATKA_BOOTSTRAP_SERVERS}");
            s.setGroupId("${group}");
            s.setRetries("${ENV=RETRIES}");
            s.setTopics("a, b");
            s.setInitialOffset("earliest");
            s.setDeadLetterTopic("a.dlt");
            s.setProperties("max.poll.interval.ms=60000; request.timeout.ms=20000 ;");
        }).settings(placeholders);

        assertThat(settings.bootstrapServers()).isEqualTo("10.0.0.1:9092");
        assertThat(settings.groupId()).isEqualTo("billing");
        assertThat(settings.retries()).isEqualTo(7);
        assertThat(settings.topics()).containsExactly("a", "b");
        assertThat(settings.consumerProperties()).containsEntry("max.poll.interval.ms", "60000")
                .containsEntry("auto.offset.reset", "earliest");
        assertThat(settings.deadLetterProducerProperties()).containsEntry("request.timeout.ms", "20000")
                .containsEntry("acks", "all")
                .doesNotContainKey("max.poll.interval.ms");
        assertThat(settings.revocationTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void eachBadValueIsNamedWithItsProperty() {
        assertInvalid(s -> s.setGroupId(null), "groupId is required");
        assertInvalid(s -> s.setTopics(null), "topics=null, topicPattern=null: set exactly one of them");
        assertInvalid(s -> s.setTopicPattern("orders.*"), "topics=orders, topicPattern=orders.*: set exactly one");
        assertInvalid(s -> s.setTopics("a,,b"), "topics=a,,b: a topic name is empty");
        assertInvalid(s -> {
            s.setTopics(null);
            s.setTopicPattern("orders[");
        }, "topicPattern=orders[: not a regular expression");
        assertInvalid(s -> s.setInitialOffset("first"), "initialOffset=first: must be earliest or latest");
        assertInvalid(s -> s.setMaxConcurrency("0"), "maxConcurrency=0: must be at least 1");
        assertInvalid(s -> s.setPollSize("many"), "pollSize=many: not a whole number");
        assertInvalid(s -> s.setRetries("-1"), "retries=-1: must be at least 0");
        assertInvalid(s -> s.setRetryBackoffMs("1s"), "retryBackoffMs=1s: not a whole number");
        assertInvalid(s -> s.setSessionTimeoutMs("${ENV=UNSET}"),
                "sessionTimeoutMs=${ENV=UNSET}: the environment variable UNSET is not set");
        assertInvalid(s -> s.setProperties("fetch.min.bytes"), "properties=fetch.min.bytes: 'fetch.min.bytes' is not name=value");
        assertInvalid(s -> s.setProperties("enable.auto.commit=true"),
                "enable.auto.commit cannot be set here: the adapter commits an offset only after its record was delivered");
        assertInvalid(s -> s.setProperties("group.id=other"), "group.id cannot be set here: set groupId instead");
        assertInvalid(s -> s.setProperties("max.poll.interval.ms=soon"),
                "properties=max.poll.interval.ms=soon: Invalid value soon for configuration max.poll.interval.ms");
    }

    @Test
    void theSpecIsActivatedForKatkaListeners() {
        jakarta.resource.spi.Activation activation =
                KatkaActivationSpec.class.getAnnotation(jakarta.resource.spi.Activation.class);
        assertThat(List.of(activation.messageListeners())).containsExactly(dev.katka.connector.api.KatkaListener.class);
    }

    private KatkaActivationSpec spec(Consumer<KatkaActivationSpec> changes) {
        KatkaActivationSpec spec = new KatkaActivationSpec();
        spec.setTopics("orders");
        spec.setGroupId("orders-group");
        changes.accept(spec);
        return spec;
    }

    private void assertInvalid(Consumer<KatkaActivationSpec> changes, String message) {
        assertThatThrownBy(() -> spec(changes).settings(placeholders))
                .isInstanceOf(InvalidPropertyException.class)
                .hasMessageContaining(message);
    }
}
