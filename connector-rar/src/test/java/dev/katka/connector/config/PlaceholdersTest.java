package dev.katka.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private final Placeholders placeholders = Placeholders.of(
            Map.of("KATKA_BOOTSTRAP_SERVERS", "10.0.0.1:9092,10.0.0.2:9092"),
            Map.of("katka.acks", "all"));

    @Test
    void environmentVariablesAndSystemPropertiesAreExpandedInPlace() {
        assertThat(placeholders.expand("bootstrapServers", "${ENV=KATKA_BOOTSTRAP_SERVERS}"))
                .isEqualTo("10.0.0.1:9092,10.0.0.2:9092");
        assertThat(placeholders.expand("properties", "acks=${katka.acks};linger.ms=5"))
                .isEqualTo("acks=all;linger.ms=5");
    }

    @Test
    void aPlaceholderMayNameADefaultForWhenItsVariableIsNotSet() {
        assertThat(placeholders.expand("bootstrapServers", "${ENV=NOT_SET:127.0.0.1:9092}")).isEqualTo("127.0.0.1:9092");
        assertThat(placeholders.expand("bootstrapServers", "${ENV=KATKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}"))
                .isEqualTo("10.0.0.1:9092,10.0.0.2:9092");
        assertThat(placeholders.expand("acks", "${katka.acks:1}")).isEqualTo("all");
        assertThat(placeholders.expand("clientId", "${not.set:}")).isEmpty();
    }

    @Test
    void valuesWithoutPlaceholdersAndNullAreLeftAlone() {
        assertThat(placeholders.expand("clientId", "chat$1")).isEqualTo("chat$1");
        assertThat(placeholders.expand("clientId", null)).isNull();
    }

    @Test
    void anUnsetVariableIsAnErrorNamingThePropertyAndTheVariable() {
        assertThatThrownBy(() -> placeholders.expand("bootstrapServers", "${ENV=NOT_SET}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bootstrapServers=${ENV=NOT_SET}")
                .hasMessageContaining("environment variable NOT_SET is not set");
        assertThatThrownBy(() -> placeholders.expand("groupId", "${missing.property}"))
                .hasMessageContaining("system property missing.property is not set");
    }
}
