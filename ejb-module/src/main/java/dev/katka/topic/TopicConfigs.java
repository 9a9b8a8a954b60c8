package dev.katka.topic;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import dev.katka.config.BrokerConfig;
import dev.katka.log.LogConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;

/**
 * The topic-level configuration: which settings a topic may override, how overrides are
 * validated, and what a topic's effective settings are (its overrides on top of the broker's
 * {@code log.*} defaults, Kafka's synonyms).
 *
 * <p>Names, documentation and semantics are Kafka's ({@link TopicConfig}). Every setting listed
 * here takes effect; a name Kafka knows but Katka does not implement yet is refused rather than
 * silently stored.
 *
 * <p>Immutable and thread-safe.
 */
public final class TopicConfigs {

    private static final Object NO_DEFAULT = ConfigDef.NO_DEFAULT_VALUE;

    /** The topic settings, typed and validated; no defaults here, they come from the broker. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(TopicConfig.CLEANUP_POLICY_CONFIG, Type.LIST, NO_DEFAULT, ValidList.in("compact", "delete"), MEDIUM,
                    TopicConfig.CLEANUP_POLICY_DOC)
            .define(TopicConfig.COMPRESSION_TYPE_CONFIG, Type.STRING, NO_DEFAULT, ValidString.in("producer"), MEDIUM,
                    "Katka keeps batches as the producer compressed them (gzip, snappy, lz4 and zstd all pass through); "
                            + "recompression on the broker is not implemented, so the only value is producer.")
            .define(TopicConfig.DELETE_RETENTION_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(0), MEDIUM,
                    TopicConfig.DELETE_RETENTION_MS_DOC)
            .define(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(0), LOW,
                    TopicConfig.FILE_DELETE_DELAY_MS_DOC)
            .define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Type.LONG, NO_DEFAULT, atLeast(1), MEDIUM,
                    TopicConfig.FLUSH_MESSAGES_INTERVAL_DOC)
            .define(TopicConfig.FLUSH_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(0), MEDIUM,
                    TopicConfig.FLUSH_MS_DOC)
            .define(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, Type.INT, NO_DEFAULT, atLeast(0), MEDIUM,
                    TopicConfig.INDEX_INTERVAL_BYTES_DOC)
            .define(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Type.INT, NO_DEFAULT, atLeast(0), MEDIUM,
                    TopicConfig.MAX_MESSAGE_BYTES_DOC)
            .define(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, Type.STRING, NO_DEFAULT,
                    ValidString.in("CreateTime", "LogAppendTime"), MEDIUM, TopicConfig.MESSAGE_TIMESTAMP_TYPE_DOC)
            .define(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(0), MEDIUM,
                    TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_DOC)
            .define(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(0), MEDIUM,
                    TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_DOC)
            .define(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(1), MEDIUM,
                    TopicConfig.MAX_COMPACTION_LAG_MS_DOC)
            .define(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, Type.DOUBLE, NO_DEFAULT, between(0, 1), MEDIUM,
                    TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_DOC)
            .define(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(0), MEDIUM,
                    TopicConfig.MIN_COMPACTION_LAG_MS_DOC)
            .define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Type.INT, NO_DEFAULT, atLeast(1), HIGH,
                    TopicConfig.MIN_IN_SYNC_REPLICAS_DOC)
            .define(TopicConfig.RETENTION_BYTES_CONFIG, Type.LONG, NO_DEFAULT, HIGH,
                    TopicConfig.RETENTION_BYTES_DOC)
            .define(TopicConfig.RETENTION_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(-1), HIGH,
                    TopicConfig.RETENTION_MS_DOC)
            .define(TopicConfig.SEGMENT_BYTES_CONFIG, Type.INT, NO_DEFAULT, atLeast(14), MEDIUM,
                    TopicConfig.SEGMENT_BYTES_DOC)
            .define(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, Type.INT, NO_DEFAULT, atLeast(4), MEDIUM,
                    TopicConfig.SEGMENT_INDEX_BYTES_DOC)
            .define(TopicConfig.SEGMENT_MS_CONFIG, Type.LONG, NO_DEFAULT, atLeast(1), MEDIUM,
                    TopicConfig.SEGMENT_MS_DOC)
            .define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, Type.BOOLEAN, NO_DEFAULT, HIGH,
                    TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_DOC);

    /** Each topic setting's broker-level default, as Kafka names it. */
    private static final Map<String, String> BROKER_SYNONYMS = Map.ofEntries(
            Map.entry(TopicConfig.CLEANUP_POLICY_CONFIG, BrokerConfig.LOG_CLEANUP_POLICY),
            Map.entry(TopicConfig.COMPRESSION_TYPE_CONFIG, BrokerConfig.COMPRESSION_TYPE),
            Map.entry(TopicConfig.DELETE_RETENTION_MS_CONFIG, BrokerConfig.LOG_CLEANER_DELETE_RETENTION_MS),
            Map.entry(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, BrokerConfig.LOG_SEGMENT_DELETE_DELAY_MS),
            Map.entry(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, BrokerConfig.LOG_FLUSH_INTERVAL_MESSAGES),
            Map.entry(TopicConfig.FLUSH_MS_CONFIG, BrokerConfig.LOG_FLUSH_INTERVAL_MS),
            Map.entry(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, BrokerConfig.LOG_INDEX_INTERVAL_BYTES),
            Map.entry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, BrokerConfig.MESSAGE_MAX_BYTES),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, BrokerConfig.LOG_MESSAGE_TIMESTAMP_TYPE),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, BrokerConfig.LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS),
            Map.entry(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, BrokerConfig.LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS),
            Map.entry(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, BrokerConfig.LOG_CLEANER_MAX_COMPACTION_LAG_MS),
            Map.entry(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, BrokerConfig.LOG_CLEANER_MIN_CLEANABLE_RATIO),
            Map.entry(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, BrokerConfig.LOG_CLEANER_MIN_COMPACTION_LAG_MS),
            Map.entry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, BrokerConfig.MIN_INSYNC_REPLICAS),
            Map.entry(TopicConfig.RETENTION_BYTES_CONFIG, BrokerConfig.LOG_RETENTION_BYTES),
            Map.entry(TopicConfig.RETENTION_MS_CONFIG, BrokerConfig.LOG_RETENTION_MS),
            Map.entry(TopicConfig.SEGMENT_BYTES_CONFIG, BrokerConfig.LOG_SEGMENT_BYTES),
            Map.entry(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, BrokerConfig.LOG_INDEX_SIZE_MAX_BYTES),
            Map.entry(TopicConfig.SEGMENT_MS_CONFIG, BrokerConfig.LOG_ROLL_MS),
            Map.entry(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, BrokerConfig.UNCLEAN_LEADER_ELECTION_ENABLE));

    private final BrokerConfig broker;

    public TopicConfigs(BrokerConfig broker) {
        this.broker = broker;
    }

    /**
     * Checks overrides as a client sent them.
     *
     * @return the same overrides with values trimmed, in a stable order
     * @throws InvalidConfigurationException naming the first unknown setting or bad value
     */
    public static Map<String, String> validate(Map<String, String> overrides) {
        Map<String, String> valid = new LinkedHashMap<>();
        overrides.forEach((name, value) -> {
            parse(name, value);
            valid.put(name, value.trim());
        });
        checkCompactionLags(valid);
        return valid;
    }

    /** Kafka refuses a minimum compaction lag above the maximum: no record could ever be cleaned in time. */
    private static void checkCompactionLags(Map<String, String> overrides) {
        String min = overrides.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG);
        String max = overrides.get(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG);
        if (min != null && max != null && Long.parseLong(min) > Long.parseLong(max)) {
            throw new InvalidConfigurationException("Conflicting topic configs: " + TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG
                    + " " + min + " is larger than " + TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG + " " + max);
        }
    }

    private static Object parse(String name, String value) {
        ConfigKey key = DEFINITION.configKeys().get(name);
        if (key == null) {
            throw new InvalidConfigurationException("Unknown topic config " + name);
        }
        if (value == null) {
            throw new InvalidConfigurationException("Topic config " + name + " needs a value");
        }
        try {
            Object parsed = ConfigDef.parseType(name, value.trim(), key.type);
            if (key.validator != null) {
                key.validator.ensureValid(name, parsed);
            }
            return parsed;
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(e.getMessage());
        }
    }

    /** The settings a topic with these (valid) overrides runs with. */
    public TopicSettings effective(Map<String, String> overrides) {
        return new TopicSettings(overrides);
    }

    /** Where an effective value came from, as DescribeConfigs reports it. */
    public enum Source { TOPIC, BROKER, DEFAULT }

    /** One effective setting, for DescribeConfigs and the admin API. */
    public record Setting(String name, String value, Source source, Type type, String documentation,
                          String brokerSynonym, String brokerValue, Source brokerSource) {
    }

    /** A topic's effective settings. */
    public final class TopicSettings {

        private final Map<String, String> overrides;

        private TopicSettings(Map<String, String> overrides) {
            this.overrides = Map.copyOf(overrides);
        }

        private Object value(String name) {
            String override = overrides.get(name);
            return override != null ? parse(name, override) : brokerValue(name);
        }

        private Object brokerValue(String name) {
            return switch (name) {
                case TopicConfig.RETENTION_MS_CONFIG -> broker.logRetentionMs();
                case TopicConfig.SEGMENT_MS_CONFIG -> broker.logRollMs();
                case TopicConfig.FLUSH_MS_CONFIG -> broker.logFlushIntervalMs();
                default -> broker.get(BROKER_SYNONYMS.get(name));
            };
        }

        private long longValue(String name) {
            return ((Number) value(name)).longValue();
        }

        private int intValue(String name) {
            return ((Number) value(name)).intValue();
        }

        public LogConfig logConfig() {
            @SuppressWarnings("unchecked")
            List<String> cleanup = (List<String>) value(TopicConfig.CLEANUP_POLICY_CONFIG);
            return new LogConfig(
                    intValue(TopicConfig.SEGMENT_BYTES_CONFIG),
                    longValue(TopicConfig.SEGMENT_MS_CONFIG),
                    intValue(TopicConfig.SEGMENT_INDEX_BYTES_CONFIG),
                    intValue(TopicConfig.INDEX_INTERVAL_BYTES_CONFIG),
                    longValue(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG),
                    longValue(TopicConfig.FLUSH_MS_CONFIG),
                    longValue(TopicConfig.RETENTION_MS_CONFIG),
                    longValue(TopicConfig.RETENTION_BYTES_CONFIG),
                    intValue(TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
                    TimestampType.forName((String) value(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG)),
                    longValue(TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG),
                    longValue(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
                    longValue(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG),
                    cleanup.contains(TopicConfig.CLEANUP_POLICY_DELETE),
                    cleanup.contains(TopicConfig.CLEANUP_POLICY_COMPACT),
                    longValue(TopicConfig.DELETE_RETENTION_MS_CONFIG),
                    ((Number) value(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG)).doubleValue(),
                    longValue(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG),
                    longValue(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG));
        }

        public int minInsyncReplicas() {
            return intValue(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        }

        public boolean uncleanLeaderElection() {
            return (Boolean) value(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG);
        }

        /** Every setting with its effective value and where it came from, in name order. */
        public List<Setting> describe() {
            List<Setting> settings = new ArrayList<>();
            for (ConfigKey key : DEFINITION.configKeys().values()) {
                String synonym = BROKER_SYNONYMS.get(key.name);
                Object brokerValue = brokerValue(key.name);
                Source brokerSource = broker.explicitlySet().contains(synonym) ? Source.BROKER : Source.DEFAULT;
                String brokerText = ConfigDef.convertToString(brokerValue, key.type);
                String override = overrides.get(key.name);
                settings.add(new Setting(key.name,
                        override != null ? override : brokerText,
                        override != null ? Source.TOPIC : brokerSource,
                        key.type, key.documentation, synonym, brokerText, brokerSource));
            }
            settings.sort(java.util.Comparator.comparing(Setting::name));
            return settings;
        }
    }
}
