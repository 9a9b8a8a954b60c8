package dev.katka.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.config.BrokerConfig;
import dev.katka.log.LogConfig;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TopicConfigsTest {

    private final BrokerConfig broker = BrokerConfig.parse(Map.of(
            "log.retention.hours", "2",
            "log.segment.bytes", "1048576"));
    private final TopicConfigs configs = new TopicConfigs(broker);

    @Test
    void aTopicWithoutOverridesRunsWithTheBrokersLogDefaults() {
        LogConfig log = configs.effective(Map.of()).logConfig();

        assertThat(log.retentionMs()).isEqualTo(2 * 3_600_000L);
        assertThat(log.segmentBytes()).isEqualTo(1_048_576);
        assertThat(log.delete()).isTrue();
        assertThat(log.compact()).isFalse();
        assertThat(log.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
    }

    @Test
    void overridesWinOverBrokerDefaults() {
        LogConfig log = configs.effective(Map.of(
                "retention.ms", "1000",
                "cleanup.policy", "compact,delete",
                "message.timestamp.type", "LogAppendTime")).logConfig();

        assertThat(log.retentionMs()).isEqualTo(1000L);
        assertThat(log.compact()).isTrue();
        assertThat(log.delete()).isTrue();
        assertThat(log.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
    }

    @Test
    void unknownSettingsAndBadValuesAreRefusedByName() {
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("retention.msec", "1")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.msec");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("segment.bytes", "ten")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.bytes")
                .hasMessageContaining("ten");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("cleanup.policy", "forever")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("cleanup.policy");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("compression.type", "gzip")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("compression.type");
    }

    @Test
    void describeSaysWhereEachValueCameFrom() {
        var settings = configs.effective(Map.of("retention.ms", "1000")).describe();

        assertThat(settings).filteredOn(s -> s.name().equals("retention.ms")).singleElement()
                .satisfies(s -> {
                    assertThat(s.value()).isEqualTo("1000");
                    assertThat(s.source()).isEqualTo(TopicConfigs.Source.TOPIC);
                    assertThat(s.brokerSynonym()).isEqualTo("log.retention.ms");
                });
        assertThat(settings).filteredOn(s -> s.name().equals("segment.bytes")).singleElement()
                .satisfies(s -> {
                    assertThat(s.value()).isEqualTo("1048576");
                    assertThat(s.source()).isEqualTo(TopicConfigs.Source.BROKER);
                });
        assertThat(settings).filteredOn(s -> s.name().equals("max.message.bytes")).singleElement()
                .satisfies(s -> assertThat(s.source()).isEqualTo(TopicConfigs.Source.DEFAULT));
    }
}
