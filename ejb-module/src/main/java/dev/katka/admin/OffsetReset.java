package dev.katka.admin;

import java.util.List;

/**
 * Where to move a group's committed offsets: {@code to} is {@code earliest}, {@code latest},
 * {@code timestamp} (the first record at or after {@code timestamp}, ms since the epoch; the end
 * of the log when there is none) or {@code offset} ({@code offset}, kept within the log as Kafka's
 * own tool does). {@code topics} limits the reset to those topics; without it, every topic the
 * group has committed offsets for.
 */
public record OffsetReset(String to, Long timestamp, Long offset, List<String> topics) {
}
