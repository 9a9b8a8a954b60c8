package dev.katka.admin;

import java.util.Map;

/**
 * A topic to create. Null {@code partitions} or {@code replicationFactor} take the broker's
 * defaults ({@code num.partitions}, {@code default.replication.factor}).
 */
public record TopicCreation(String name, Integer partitions, Integer replicationFactor, Map<String, String> configs) {
}
