package dev.katka.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    @Test
    void aBrokerWithoutConfigurationListensOnLoopbackWithKafkasDefaults() {
        BrokerConfig config = BrokerConfig.defaults();

        assertThat(config.listener()).isEqualTo(new Endpoint("127.0.0.1", 9092));
        assertThat(config.advertisedListener()).isEqualTo(new Endpoint("127.0.0.1", 9092));
        assertThat(config.numPartitions()).isEqualTo(1);
        assertThat(config.autoCreateTopics()).isTrue();
        assertThat(config.logRetentionMs()).isEqualTo(168L * 60 * 60 * 1000);
        assertThat(config.defaultLogConfig().flushMessages()).isEqualTo(Long.MAX_VALUE);
        assertThat(config.explicitlySet()).isEmpty();
    }

    @Test
    void retentionInMillisecondsWinsOverMinutesWhichWinOverHours() {
        assertThat(BrokerConfig.parse(Map.of("log.retention.hours", "1")).logRetentionMs()).isEqualTo(3_600_000L);
        assertThat(BrokerConfig.parse(Map.of("log.retention.hours", "1", "log.retention.minutes", "2"))
                .logRetentionMs()).isEqualTo(120_000L);
        assertThat(BrokerConfig.parse(Map.of("log.retention.minutes", "2", "log.retention.ms", "5"))
                .logRetentionMs()).isEqualTo(5L);
        assertThat(BrokerConfig.parse(Map.of("log.retention.ms", "-7")).logRetentionMs()).isEqualTo(-1L);
    }

    @Test
    void aBadValueIsRefusedNamingThePropertyAndTheValue() {
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("num.partitions", "zero")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("num.partitions")
                .hasMessageContaining("zero");
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("log.segment.bytes", "10")))
                .hasMessageContaining("log.segment.bytes");
    }

    @Test
    void listenersAreKafkaStyleAddresses() {
        BrokerConfig config = BrokerConfig.parse(Map.of(
                "listeners", "PLAINTEXT://0.0.0.0:19092",
                "advertised.listeners", "PLAINTEXT://broker1.example:29092"));

        assertThat(config.listener()).isEqualTo(new Endpoint("0.0.0.0", 19092));
        assertThat(config.advertisedListener()).isEqualTo(new Endpoint("broker1.example", 29092));
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("listeners", "SSL://h:1")))
                .hasMessageContaining("listeners").hasMessageContaining("PLAINTEXT");
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("listeners", "PLAINTEXT://h:99999")))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> BrokerConfig.parse(Map.of("advertised.listeners", "PLAINTEXT://0.0.0.0:9092")))
                .hasMessageContaining("0.0.0.0");
    }

    @Test
    void aWildcardListenerAdvertisesThisHostsName() {
        BrokerConfig config = BrokerConfig.parse(Map.of("listeners", "PLAINTEXT://0.0.0.0:9092"));

        assertThat(config.advertisedListener().host()).isNotEqualTo("0.0.0.0");
        assertThat(config.advertisedListener().port()).isEqualTo(9092);
    }
}
