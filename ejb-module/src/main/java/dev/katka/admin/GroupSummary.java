package dev.katka.admin;

/** A line of the consumer group list; {@code state} as Kafka names it ({@code Stable}, {@code Empty}, ...). */
public record GroupSummary(String groupId, String state, int members, long totalLag) {
}
