package dev.katka.log;

import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * A batch of a produce request that passed {@link BatchValidator}, with what validation learned
 * about it, ready to be given its offsets.
 *
 * @param batch         the batch, a view of the request's buffer
 * @param recordCount   its number of records (at least 1)
 * @param maxTimestamp  the largest record timestamp, computed from the records (CreateTime)
 */
record ValidBatch(MutableRecordBatch batch, int recordCount, long maxTimestamp) {

    /**
     * Rewrites the batch in place, in the request's buffer: offsets from {@code baseOffset}, the
     * leader epoch, and for LogAppendTime the broker's clock as the timestamp. Only the fields
     * outside the CRC change, except the timestamp, for which the CRC is recomputed.
     *
     * @return the timestamp the batch now carries
     */
    long assign(long baseOffset, int leaderEpoch, TimestampType timestampType, long now) {
        batch.setLastOffset(baseOffset + recordCount - 1);
        batch.setPartitionLeaderEpoch(leaderEpoch);
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, now);
            return now;
        }
        if (batch.timestampType() != TimestampType.CREATE_TIME || batch.maxTimestamp() != maxTimestamp) {
            batch.setMaxTimestamp(TimestampType.CREATE_TIME, maxTimestamp);
        }
        return maxTimestamp;
    }

    long lastOffsetAfter(long baseOffset) {
        return baseOffset + recordCount - 1;
    }
}
