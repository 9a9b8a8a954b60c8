package dev.katka.admin;

/**
 * A group's committed offset of one partition and how far it is behind the end of the log
 * ({@code lag} = log end offset - committed offset, never negative).
 */
public record PartitionLag(String topic, int partition, long committedOffset, long logEndOffset, long lag) {
}
