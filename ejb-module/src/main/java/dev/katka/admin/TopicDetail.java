package dev.katka.admin;

import java.util.List;

/** A topic with its partitions and its configuration. */
public record TopicDetail(String name, boolean internal, List<PartitionDetail> partitions, List<ConfigValue> configs) {
}
