package dev.katka.log;

/**
 * What the log remembers of one idempotent producer's batch, to recognise a retry of it and to
 * answer the retry with the original offsets.
 *
 * @param firstSequence the batch's base sequence
 * @param lastSequence  its last sequence (wraps after {@link Integer#MAX_VALUE} to 0)
 * @param firstOffset   the offset its first record got
 * @param lastOffset    the offset its last record got
 * @param timestamp     the batch's timestamp in the log (the broker's for LogAppendTime)
 */
record SequencedBatch(int firstSequence, int lastSequence, long firstOffset, long lastOffset, long timestamp) {
}
