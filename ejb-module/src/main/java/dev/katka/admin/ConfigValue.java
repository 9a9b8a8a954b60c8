package dev.katka.admin;

/**
 * One configuration entry of a topic as the cluster describes it. {@code source} is Kafka's
 * ({@code DYNAMIC_TOPIC_CONFIG} when set on the topic, {@code DEFAULT_CONFIG} otherwise, ...);
 * the value of a sensitive entry is null.
 */
public record ConfigValue(String name, String value, String source, boolean readOnly, boolean sensitive) {
}
