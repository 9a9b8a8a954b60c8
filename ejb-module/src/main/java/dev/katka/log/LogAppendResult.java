package dev.katka.log;

/**
 * What an append did, for the Produce response.
 *
 * @param firstOffset    the offset of the first record appended (for a duplicate: originally)
 * @param lastOffset     the offset of the last record appended
 * @param logAppendTime  the broker time stamped on the batches for LogAppendTime topics, -1 for CreateTime
 * @param maxTimestamp   the largest timestamp among the appended records
 * @param logStartOffset the log start offset after the append
 * @param recordCount    how many records the append holds
 * @param duplicate      whether the batch was a retry of one already in the log, acknowledged with
 *                       its original offsets and not written again
 */
public record LogAppendResult(
        long firstOffset,
        long lastOffset,
        long logAppendTime,
        long maxTimestamp,
        long logStartOffset,
        int recordCount,
        boolean duplicate) {
}
