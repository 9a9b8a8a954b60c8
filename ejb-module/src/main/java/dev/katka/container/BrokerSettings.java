package dev.katka.container;

import dev.katka.config.BrokerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Reads the broker's configuration from MicroProfile Config.
 *
 * <p>Every name of {@link BrokerConfig#DEFINITION} is looked up with the prefix {@value #PREFIX},
 * so each can come from a system property ({@code -Dkatka.log.retention.hours=24}), an
 * environment variable ({@code KATKA_LOG_RETENTION_HOURS=24}, MicroProfile's mapping), the
 * configuration file ({@link FileConfigSource}) or, when none sets it, the default in code.
 *
 * <p>Stateless; thread-safe.
 */
final class BrokerSettings {

    static final String PREFIX = "katka.";
    private static final String ENV_PREFIX = "KATKA_";

    /**
     * {@code katka.*} names that are not broker properties but are known all the same: the
     * configuration file's own name, the launcher's variables for the JVM, the data grid's
     * settings that {@code server-config/payara/hazelcast.xml} reads, and the web module's users
     * (the users file, the first admin's password).
     */
    private static final Set<String> NOT_BROKER_PROPERTIES = Set.of(
            FileConfigSource.FILE_PROPERTY, environmentName(FileConfigSource.FILE_PROPERTY),
            "KATKA_HOME", "KATKA_HEAP", "KATKA_JAVA_OPTS", "KATKA_STARTUP_TIMEOUT", "KATKA_CDS",
            "katka.cluster.name", "katka.cluster.port", "katka.cluster.interface", "katka.cluster.members",
            "katka.cp.member.count",
            "katka.users.file", "KATKA_USERS_FILE", "KATKA_ADMIN_PASSWORD", "KATKA_USER_PASSWORD");

    private BrokerSettings() {
    }

    /**
     * The broker configuration that {@code config} describes.
     *
     * @throws InvalidConfigurationException naming the property, its value and where it came
     *                                       from, when a value is not valid
     */
    static BrokerConfig read(Config config) {
        Map<String, String> set = new HashMap<>();
        for (String name : BrokerConfig.DEFINITION.names()) {
            config.getOptionalValue(PREFIX + name, String.class).ifPresent(value -> set.put(name, value));
        }
        try {
            return BrokerConfig.parse(set);
        } catch (ConfigException e) {
            throw new InvalidConfigurationException(describe(config, set, e), e);
        }
    }

    /**
     * The {@code katka.*} names (and {@code KATKA_*} environment variables) that some source
     * sets but that mean nothing to the broker, most likely misspelt: worth a warning each.
     */
    static List<String> unknownNames(Iterable<String> propertyNames) {
        Set<String> known = new TreeSet<>(NOT_BROKER_PROPERTIES);
        for (String name : BrokerConfig.DEFINITION.names()) {
            known.add(PREFIX + name);
            known.add(environmentName(PREFIX + name));
        }
        List<String> unknown = new ArrayList<>();
        for (String name : propertyNames) {
            boolean ours = name.startsWith(PREFIX) || name.startsWith(ENV_PREFIX);
            if (ours && !known.contains(name)) {
                unknown.add(name);
            }
        }
        unknown.sort(null);
        return unknown;
    }

    /**
     * The properties set explicitly, each with the source that set it, for the start-up log:
     * {@code log.retention.hours=24 (EnvConfigSource)}. Everything not listed is a default.
     */
    static String describeExplicit(Config config, BrokerConfig brokerConfig) {
        StringBuilder description = new StringBuilder();
        for (String name : new TreeSet<>(brokerConfig.explicitlySet())) {
            if (description.length() > 0) {
                description.append(", ");
            }
            description.append(name).append('=').append(config.getValue(PREFIX + name, String.class))
                    .append(" (").append(source(config, PREFIX + name)).append(')');
        }
        return description.length() == 0 ? "all defaults" : description.toString();
    }

    /** Where a name came from, for messages: the name of the ConfigSource that set it. */
    static String source(Config config, String prefixedName) {
        ConfigValue value = config.getConfigValue(prefixedName);
        return Optional.ofNullable(value.getSourceName()).orElse("defaults");
    }

    /** MicroProfile Config's environment variable for a property: KATKA_LOG_RETENTION_HOURS. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * Kafka's message names the property without the prefix and not its source; find the value
     * that fails on its own and say where it was set, so the operator knows what to change.
     */
    private static String describe(Config config, Map<String, String> set, ConfigException failure) {
        for (Map.Entry<String, String> property : set.entrySet()) {
            try {
                BrokerConfig.parse(Map.of(property.getKey(), property.getValue()));
            } catch (ConfigException e) {
                String name = PREFIX + property.getKey();
                return "Invalid Katka configuration " + name + "=" + property.getValue()
                        + " (set by " + source(config, name) + "; environment variable "
                        + environmentName(name) + "): " + e.getMessage();
            }
        }
        // Only a combination is wrong (advertised.listeners against listeners, say).
        return "Invalid Katka configuration: " + failure.getMessage();
    }

    /** A configuration value is not valid; the message names it and says where it was set. */
    static final class InvalidConfigurationException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidConfigurationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
