package dev.katka.admin;

/** Where a produced record was written, as the leader acknowledged it. */
public record SentMessage(int partition, long offset, long timestamp) {
}
