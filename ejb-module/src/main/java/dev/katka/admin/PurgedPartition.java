package dev.katka.admin;

/** A partition whose records below {@code logStartOffset} were deleted (purged). */
public record PurgedPartition(int partition, long logStartOffset) {
}
