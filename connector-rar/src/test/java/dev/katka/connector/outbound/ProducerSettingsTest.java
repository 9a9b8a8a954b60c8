package dev.katka.connector.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.connector.config.Placeholders;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProducerSettingsTest {

    private static final Placeholders NONE = Placeholders.of(Map.of(), Map.of());

    @Test
    void eachPropertyBecomesItsKafkaPropertyAndTheProducerSendsBytes() {
        Map<String, String> named = new LinkedHashMap<>();
        named.put("bootstrapServers", "a:1,b:2");
        named.put("clientId", "orders");
        named.put("acks", "1");
        named.put("compressionType", "zstd");
        named.put("lingerMs", "5");
        named.put("batchSize", "32768");
        named.put("enableIdempotence", "false");
        named.put("deliveryTimeoutMs", "60000");
        named.put("requestTimeoutMs", "20000");
        named.put("maxBlockMs", "3000");

        Map<String, Object> kafka = new ProducerSettings(named, null).toKafka(NONE);

        assertThat(kafka)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "a:1,b:2")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "orders")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "1")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, "32768")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000")
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000")
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000")
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
                .hasSize(12);
    }

    @Test
    void furtherPropertiesAreNameValuePairsSeparatedBySemicolons() {
        Map<String, Object> kafka = new ProducerSettings(Map.of("bootstrapServers", "a:1"),
                " retries = 7 ; security.protocol=PLAINTEXT;;sasl.jaas.config=x required a=\"b\";").toKafka(NONE);

        assertThat(kafka)
                .containsEntry("retries", "7")
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("sasl.jaas.config", "x required a=\"b\"");
    }

    @Test
    void placeholdersAreExpandedInEveryValue() {
        Placeholders placeholders = Placeholders.of(Map.of("KATKA_BOOTSTRAP", "k1:9092"), Map.of("app", "shop"));

        Map<String, Object> kafka = new ProducerSettings(
                Map.of("bootstrapServers", "${ENV=KATKA_BOOTSTRAP}", "clientId", "${app}-orders"),
                "client.rack=${app}").toKafka(placeholders);

        assertThat(kafka)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "k1:9092")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "shop-orders")
                .containsEntry(ProducerConfig.CLIENT_RACK_CONFIG, "shop");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "acks              | maybe",
            "compressionType   | zip",
            "lingerMs          | soon",
            "batchSize         | -1",
            "enableIdempotence | perhaps",
            "maxBlockMs        | 1.5"})
    void anInvalidValueIsAnErrorNamingThePropertyAndTheValue(String property, String value) {
        ProducerSettings settings = new ProducerSettings(Map.of(property, value), null);

        assertThatThrownBy(() -> settings.toKafka(NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(property + "=" + value)
                .hasMessageContaining(ProducerSettings.KAFKA_NAMES.get(property));
    }

    @Test
    void anInvalidFurtherPropertyIsAnErrorNamingIt() {
        ProducerSettings settings = new ProducerSettings(Map.of(), "retries=many");

        assertThatThrownBy(() -> settings.toKafka(NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("properties: retries=many");
    }

    @Test
    void anUnresolvedPlaceholderIsAnErrorNamingThePropertyAndTheVariable() {
        ProducerSettings settings = new ProducerSettings(Map.of("bootstrapServers", "${ENV=NOWHERE}"), null);

        assertThatThrownBy(() -> settings.toKafka(NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers")
                .hasMessageContaining("NOWHERE");
    }

    @Test
    void furtherPropertiesMustBeNameValuePairs() {
        ProducerSettings settings = new ProducerSettings(Map.of(), "retries=7;idempotent");

        assertThatThrownBy(() -> settings.toKafka(NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'idempotent' is not name=value");
    }

    @Test
    void aFurtherPropertyCannotOverrideOneThatHasAPropertyOfItsOwn() {
        ProducerSettings settings = new ProducerSettings(Map.of("acks", "all"), "acks=0");

        assertThatThrownBy(() -> settings.toKafka(NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acks has a connection factory property of its own, acks");
    }

    @Test
    void theSerializersAreNotTheDeployersToChoose() {
        ProducerSettings settings = new ProducerSettings(Map.of(),
                "value.serializer=org.apache.kafka.common.serialization.StringSerializer");

        assertThatThrownBy(() -> settings.toKafka(NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value.serializer cannot be set");
    }

    @Test
    void settingsAreEqualWhenWrittenAlikeAndTheirTextHoldsNoSecrets() {
        ProducerSettings one = new ProducerSettings(Map.of("bootstrapServers", "a:1", "acks", "all"), "sasl.jaas.config=secret");
        ProducerSettings same = new ProducerSettings(Map.of("acks", "all", "bootstrapServers", "a:1"), "sasl.jaas.config=secret");
        ProducerSettings other = new ProducerSettings(Map.of("bootstrapServers", "a:1", "acks", "1"), "sasl.jaas.config=secret");

        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
        assertThat(one.toString()).contains("a:1").doesNotContain("secret");
    }
}
