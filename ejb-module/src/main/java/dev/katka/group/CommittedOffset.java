package dev.katka.group;

/**
 * An offset a group committed for one partition.
 *
 * @param offset          the next record the group will consume
 * @param leaderEpoch     the leader epoch of the record before it, or -1 when the client did not say
 * @param metadata        the client's string, never null
 * @param commitTimestamp when the coordinator accepted it (ms)
 */
public record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp) {
}
