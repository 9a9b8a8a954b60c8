package dev.katka.connector.inbound;

import dev.katka.connector.config.Placeholders;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The checked, typed settings of one activation, read from a {@link KatkaActivationSpec} with
 * its placeholders expanded; and the Kafka client properties they make.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topics          the topics to consume, or empty when {@code topicPattern} is set
 * @param topicPattern    the pattern of the topics to consume, or null when {@code topics} is set
 * @param deadLetterTopic where records go after their last retry, or null
 * @param properties      further consumer properties, in the order given
 */
public record ActivationSettings(
        String bootstrapServers,
        List<String> topics,
        Pattern topicPattern,
        String groupId,
        String clientId,
        String initialOffset,
        int maxConcurrency,
        int pollSize,
        int retries,
        Duration retryBackoff,
        String deadLetterTopic,
        int sessionTimeoutMs,
        Duration drainTimeout,
        Map<String, String> properties) {

    /**
     * Consumer properties the activation sets itself: giving them in {@code properties} is an
     * error that says what to do instead, rather than a silent override.
     */
    private static final Map<String, String> RESERVED = Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "set bootstrapServers instead",
            ConsumerConfig.GROUP_ID_CONFIG, "set groupId instead",
            ConsumerConfig.CLIENT_ID_CONFIG, "set clientId instead",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "set initialOffset instead",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "set pollSize instead",
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "set sessionTimeoutMs instead",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "the adapter commits an offset only after its record was delivered",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "records reach the bean as bytes",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "records reach the bean as bytes");

    /**
     * Reads {@code spec}, expanding placeholders with {@code placeholders}.
     *
     * @throws IllegalArgumentException whose message names the property and its value
     */
    static ActivationSettings parse(KatkaActivationSpec spec, Placeholders placeholders) {
        Reader reader = new Reader(placeholders);
        String bootstrapServers = reader.required("bootstrapServers", spec.getBootstrapServers());
        String topics = reader.optional("topics", spec.getTopics());
        String topicPattern = reader.optional("topicPattern", spec.getTopicPattern());
        if ((topics == null) == (topicPattern == null)) {
            throw new IllegalArgumentException("topics=" + topics + ", topicPattern=" + topicPattern
                    + ": set exactly one of them (the topics to consume, or a pattern of their names)");
        }
        String groupId = reader.required("groupId", spec.getGroupId());
        String clientId = reader.optional("clientId", spec.getClientId());
        String initialOffset = reader.required("initialOffset", spec.getInitialOffset());
        if (!initialOffset.equals("earliest") && !initialOffset.equals("latest")) {
            throw new IllegalArgumentException("initialOffset=" + initialOffset + ": must be earliest or latest");
        }
        ActivationSettings settings = new ActivationSettings(
                bootstrapServers,
                topics == null ? List.of() : topicList(topics),
                topicPattern == null ? null : pattern(topicPattern),
                groupId,
                clientId == null ? "katka-" + groupId : clientId,
                initialOffset,
                reader.number("maxConcurrency", spec.getMaxConcurrency(), 1),
                reader.number("pollSize", spec.getPollSize(), 1),
                reader.number("retries", spec.getRetries(), 0),
                Duration.ofMillis(reader.number("retryBackoffMs", spec.getRetryBackoffMs(), 0)),
                reader.optional("deadLetterTopic", spec.getDeadLetterTopic()),
                reader.number("sessionTimeoutMs", spec.getSessionTimeoutMs(), 1),
                Duration.ofMillis(reader.number("drainTimeoutMs", spec.getDrainTimeoutMs(), 0)),
                consumerProperties(reader.optional("properties", spec.getProperties())));
        settings.checkWithKafka(spec.getProperties());
        return settings;
    }

    /** The properties of the activation's consumer: offsets are committed by the adapter only. */
    public Properties consumerProperties() {
        Properties consumer = new Properties();
        consumer.putAll(properties);
        consumer.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                properties.getOrDefault(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        // Moves only the partitions that change owner: a rebalance does not stop
                        // the deliveries of every member.
                        CooperativeStickyAssignor.class.getName()));
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, initialOffset);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(pollSize));
        consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeoutMs));
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return consumer;
    }

    /**
     * The properties of the dead-letter producer: those of {@code properties} a producer knows
     * (security, timeouts) and a write that the whole in-sync replica set acknowledged.
     */
    public Properties deadLetterProducerProperties() {
        Properties producer = new Properties();
        properties.forEach((name, value) -> {
            if (ProducerConfig.configNames().contains(name)) {
                producer.put(name, value);
            }
        });
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-dead-letters");
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return producer;
    }

    /**
     * How long a revocation waits for the deliveries in progress: at most the drain timeout, and
     * at most half the rebalance timeout ({@code max.poll.interval.ms}), so that the consumer
     * rejoins the group in time.
     */
    public Duration revocationTimeout() {
        Object maxPollInterval = ConsumerConfig.configDef().parse(consumerProperties())
                .get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        Duration halfRebalanceTimeout = Duration.ofMillis(((Integer) maxPollInterval) / 2);
        return drainTimeout.compareTo(halfRebalanceTimeout) < 0 ? drainTimeout : halfRebalanceTimeout;
    }

    /** Kafka checks the values of the properties it knows (types, ranges). */
    private void checkWithKafka(String givenProperties) {
        try {
            ConsumerConfig.configDef().parse(consumerProperties());
        } catch (ConfigException e) {
            throw new IllegalArgumentException("properties=" + givenProperties + ": " + e.getMessage(), e);
        }
    }

    private static List<String> topicList(String topics) {
        List<String> names = Arrays.stream(topics.split(",")).map(String::trim).toList();
        if (names.contains("")) {
            throw new IllegalArgumentException("topics=" + topics + ": a topic name is empty");
        }
        return names;
    }

    private static Pattern pattern(String topicPattern) {
        try {
            return Pattern.compile(topicPattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("topicPattern=" + topicPattern + ": not a regular expression ("
                    + e.getDescription() + " at index " + e.getIndex() + ")", e);
        }
    }

    private static Map<String, String> consumerProperties(String properties) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (properties == null) {
            return parsed;
        }
        for (String entry : properties.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name = equals < 0 ? "" : entry.substring(0, equals).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("properties=" + properties + ": '" + entry.trim()
                        + "' is not name=value");
            }
            if (RESERVED.containsKey(name)) {
                throw new IllegalArgumentException("properties=" + properties + ": " + name
                        + " cannot be set here: " + RESERVED.get(name));
            }
            parsed.put(name, entry.substring(equals + 1).trim());
        }
        return parsed;
    }

    /** Expands and checks one property at a time; its messages name the property. */
    private record Reader(Placeholders placeholders) {

        /** The expanded value, or null when the property is not set or blank. */
        String optional(String property, String value) {
            String expanded = placeholders.expand(property, value);
            return expanded == null || expanded.isBlank() ? null : expanded.trim();
        }

        String required(String property, String value) {
            String expanded = optional(property, value);
            if (expanded == null) {
                throw new IllegalArgumentException(property + " is required");
            }
            return expanded;
        }

        int number(String property, String value, int minimum) {
            String expanded = required(property, value);
            int number;
            try {
                number = Integer.parseInt(expanded);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(property + "=" + expanded + ": not a whole number", e);
            }
            if (number < minimum) {
                throw new IllegalArgumentException(property + "=" + expanded + ": must be at least " + minimum);
            }
            return number;
        }
    }
}
