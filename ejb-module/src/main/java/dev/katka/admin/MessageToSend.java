package dev.katka.admin;

import java.util.Map;

/**
 * A record to produce: key, value and header values as UTF-8 text. A null {@code partition} lets
 * the producer's partitioner choose (by key, or spread when there is none).
 */
public record MessageToSend(String key, String value, Map<String, String> headers, Integer partition) {
}
