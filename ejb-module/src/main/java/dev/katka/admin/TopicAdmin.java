package dev.katka.admin;

import jakarta.ejb.Local;
import java.util.List;
import java.util.Map;

/** Topics: list, create, inspect, configure, grow and delete them. */
@Local
public interface TopicAdmin {

    /** Every topic whose name contains {@code search} (ignoring case; all when null or blank), by name. */
    List<TopicSummary> topics(String search);

    /** @throws AdminException INVALID for a bad name, count or config; CONFLICT when it exists */
    TopicDetail create(TopicCreation topic);

    /** @throws AdminException NOT_FOUND when the topic does not exist */
    TopicDetail topic(String name);

    /** @throws AdminException NOT_FOUND when the topic does not exist */
    void delete(String name);

    /**
     * Sets each entry of {@code changes} on the topic, or resets it to the default when its value is
     * null, all at once; returns the topic's configuration afterwards.
     */
    List<ConfigValue> changeConfigs(String name, Map<String, String> changes);

    /** Grows the topic to {@code count} partitions, which must be more than it has. */
    TopicDetail addPartitions(String name, Integer count);
}
