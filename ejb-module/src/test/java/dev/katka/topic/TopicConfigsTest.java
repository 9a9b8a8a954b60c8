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

    @Test
    void compactionSettingsHaveKafkasDefaultsAndChecks() {
        LogConfig defaults = configs.effective(Map.of()).logConfig();
        assertThat(defaults.minCleanableDirtyRatio()).isEqualTo(0.5);
        assertThat(defaults.minCompactionLagMs()).isZero();
        assertThat(defaults.maxCompactionLagMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(defaults.deleteRetentionMs()).isEqualTo(24 * 3_600_000L);

        LogConfig log = configs.effective(TopicConfigs.validate(Map.of("min.cleanable.dirty.ratio", "0.1",
                "min.compaction.lag.ms", "10", "max.compaction.lag.ms", "1000", "cleanup.policy", "compact")))
                .logConfig();
        assertThat(log.minCleanableDirtyRatio()).isEqualTo(0.1);
        assertThat(log.minCompactionLagMs()).isEqualTo(10);
        assertThat(log.maxCompactionLagMs()).isEqualTo(1000);
        assertThat(log.rollMs()).as("the active segment rolls at the max compaction lag").isEqualTo(1000);

        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("min.cleanable.dirty.ratio", "1.5")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("min.cleanable.dirty.ratio");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("max.compaction.lag.ms", "0")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("max.compaction.lag.ms");
        assertThatThrownBy(() -> TopicConfigs.validate(Map.of("min.compaction.lag.ms", "2000",
                "max.compaction.lag.ms", "1000")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("min.compaction.lag.ms");
        assertThat(configs.effective(Map.of()).describe()).extracting(TopicConfigs.Setting::name)
                .contains("min.cleanable.dirty.ratio", "min.compaction.lag.ms", "max.compaction.lag.ms",
                        "delete.retention.ms", "segment.bytes");
    }
}
