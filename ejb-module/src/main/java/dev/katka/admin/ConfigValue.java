package dev.katka.admin;

import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * One configuration entry of a topic or a broker as the cluster describes it. {@code source} is
 * Kafka's ({@code DYNAMIC_TOPIC_CONFIG} when set on the topic, {@code STATIC_BROKER_CONFIG} when
 * set in the broker's configuration, {@code DEFAULT_CONFIG} otherwise, ...); the value of a
 * sensitive entry is null.
 */
public record ConfigValue(String name, String value, String source, boolean readOnly, boolean sensitive) {

    /** The entries of a DescribeConfigs answer, by name. */
    static List<ConfigValue> of(Config config) {
        return config.entries().stream()
                .sorted(Comparator.comparing(ConfigEntry::name))
                .map(entry -> new ConfigValue(entry.name(), entry.isSensitive() ? null : entry.value(),
                        entry.source().name(), entry.isReadOnly(), entry.isSensitive()))
                .toList();
    }
}
