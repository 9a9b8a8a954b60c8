package dev.katka.admin;

/** A partition assigned to a member of a group. */
public record AssignedPartition(String topic, int partition) {
}
