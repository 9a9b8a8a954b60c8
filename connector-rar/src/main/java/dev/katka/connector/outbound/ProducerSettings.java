package dev.katka.connector.outbound;

import dev.katka.connector.config.Placeholders;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer configuration of one connection factory as the deployer wrote it (placeholders
 * not yet expanded), and how it becomes the configuration of a Kafka producer.
 *
 * <p>Two connection factories with equal settings are interchangeable, which is why the
 * managed connection factory's {@code equals} is this class's.
 *
 * <p>Immutable and thread-safe.
 */
final class ProducerSettings {

    /**
     * The connection factory properties that stand for one Kafka producer property each, in the
     * order the deployer reads them.
     */
    static final Map<String, String> KAFKA_NAMES = kafkaNames();

    /** The connection factory property that carries any further Kafka producer properties. */
    static final String MORE_PROPERTIES = "properties";

    /** The adapter hands the producer bytes (see {@code Payloads}); these are not the deployer's to choose. */
    private static final Set<String> FIXED = Set.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    private final Map<String, String> named;
    private final String moreProperties;

    /**
     * @param named          value of each connection factory property of {@link #KAFKA_NAMES}
     *                       that is set (absent ones keep Kafka's default)
     * @param moreProperties further Kafka producer properties, {@code name=value;name=value}, or null
     */
    ProducerSettings(Map<String, String> named, String moreProperties) {
        this.named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
        this.moreProperties = moreProperties;
    }

    /**
     * The configuration of a Kafka producer that sends bytes: placeholders expanded, every value
     * checked against Kafka's own definition of the property.
     *
     * @throws IllegalArgumentException naming the connection factory property and its value when
     *                                  a value is invalid or a placeholder cannot be resolved
     */
    Map<String, Object> toKafka(Placeholders placeholders) {
        Map<String, String> kafka = new LinkedHashMap<>();
        // Where each Kafka property came from, so that an error names what the deployer wrote.
        Map<String, String> origins = new LinkedHashMap<>();
        named.forEach((property, value) -> {
            String kafkaName = KAFKA_NAMES.get(property);
            kafka.put(kafkaName, placeholders.expand(property, value));
            origins.put(kafkaName, property + "=" + value);
        });
        parseMoreProperties().forEach((kafkaName, value) -> {
            String origin = MORE_PROPERTIES + ": " + kafkaName + "=" + value;
            kafka.put(kafkaName, placeholders.expand(MORE_PROPERTIES + ": " + kafkaName, value));
            origins.put(kafkaName, origin);
        });
        rejectInvalid(kafka, origins);

        Map<String, Object> config = new LinkedHashMap<>(kafka);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** {@code moreProperties} as Kafka property names and values, in the order written. */
    private Map<String, String> parseMoreProperties() {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (moreProperties == null) {
            return parsed;
        }
        for (String entry : moreProperties.split(";")) {
            if (entry.isBlank()) {
                continue; // a trailing or doubled separator
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(MORE_PROPERTIES + "=" + moreProperties + ": '" + entry.strip()
                        + "' is not name=value (entries are separated by ';')");
            }
            String name = entry.substring(0, equals).strip();
            if (KAFKA_NAMES.containsValue(name)) {
                throw new IllegalArgumentException(MORE_PROPERTIES + ": " + name + " has a connection factory property of its own, "
                        + ownProperty(name) + "; set it there");
            }
            if (FIXED.contains(name)) {
                throw new IllegalArgumentException(MORE_PROPERTIES + ": " + name
                        + " cannot be set: the adapter sends keys and values as bytes");
            }
            parsed.put(name, entry.substring(equals + 1).strip());
        }
        return parsed;
    }

    private static void rejectInvalid(Map<String, String> kafka, Map<String, String> origins) {
        Map<String, ConfigValue> checked = ProducerConfig.configDef().validateAll(kafka);
        for (Map.Entry<String, String> origin : origins.entrySet()) {
            ConfigValue value = checked.get(origin.getKey());
            // Names Kafka does not define (a custom partitioner's own settings) are Kafka's to judge.
            List<String> errors = value == null ? List.of() : value.errorMessages();
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("connection factory property " + origin.getValue() + " is invalid: "
                        + String.join("; ", errors));
            }
        }
    }

    private static String ownProperty(String kafkaName) {
        return KAFKA_NAMES.entrySet().stream()
                .filter(entry -> entry.getValue().equals(kafkaName))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, String> kafkaNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("bootstrapServers", ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        names.put("clientId", ProducerConfig.CLIENT_ID_CONFIG);
        names.put("acks", ProducerConfig.ACKS_CONFIG);
        names.put("compressionType", ProducerConfig.COMPRESSION_TYPE_CONFIG);
        names.put("lingerMs", ProducerConfig.LINGER_MS_CONFIG);
        names.put("batchSize", ProducerConfig.BATCH_SIZE_CONFIG);
        names.put("enableIdempotence", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        names.put("deliveryTimeoutMs", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        names.put("requestTimeoutMs", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        names.put("maxBlockMs", ProducerConfig.MAX_BLOCK_MS_CONFIG);
        return Collections.unmodifiableMap(names);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProducerSettings settings
                && named.equals(settings.named)
                && Objects.equals(moreProperties, settings.moreProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(named, moreProperties);
    }

    /**
     * Where the producer connects, as written; for log lines. Not the other settings: those may
     * hold credentials.
     */
    @Override
    public String toString() {
        return "bootstrapServers=" + named.get("bootstrapServers")
                + (named.containsKey("clientId") ? ", clientId=" + named.get("clientId") : "");
    }
}
