package dev.katka.log;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.record.internal.MemoryRecords.RecordFilter;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Kafka's rules for what a cleaning keeps, as a filter for kafka-clients'
 * {@link org.apache.kafka.common.record.internal.MemoryRecords#filterTo}, which rewrites the
 * batches (same base and last offset, producer id, epoch and base sequence, so the last sequence
 * too) and leaves a batch that keeps every record byte for byte.
 *
 * <p>A record stays when
 * <ul>
 *   <li>it lies at or beyond {@code mappedTo} (the offset map does not cover it: a later pass
 *       decides), or</li>
 *   <li>it is its key's latest record in the map (or its key is not in the map: nothing newer was
 *       written), and it has a value, or it is a tombstone whose delete horizon has not passed.</li>
 * </ul>
 * A record without a key goes (a topic made compacted after it was written; Kafka drops them too).
 * A tombstone gets its delete horizon when a cleaning first keeps it:
 * {@code filterTo} writes {@code now + delete.retention.ms} into its batch (KIP-534), and a later
 * cleaning past that time drops it. So consumers have {@code delete.retention.ms} after the cleaning
 * to see a delete, however old the tombstone was.
 *
 * <p>A batch that loses every record goes, unless it is the last batch of a producer that the log
 * still knows: that one stays as an empty batch, because its header (producer id, epoch, last
 * sequence) is what rebuilds the producer's state on restart, so that its retries are still
 * recognised as duplicates (Kafka's rule; Katka has no transactions, so no markers to consider).
 * Every batch's CRC is checked first: a corrupt batch aborts the cleaning of the log.
 *
 * <p>Not thread-safe: one cleaning uses it.
 */
final class CompactionFilter extends RecordFilter {

    private final OffsetMap map;
    private final long mappedTo;
    private final Map<Long, Long> lastOffsetOfProducer;
    private long earliestTombstoneHorizon = Long.MAX_VALUE;

    /**
     * @param mappedTo             the offset up to which (exclusive) {@code map} has every key's latest offset
     * @param lastOffsetOfProducer for each producer the log knows, the last offset of its last batch
     */
    CompactionFilter(OffsetMap map, long mappedTo, Map<Long, Long> lastOffsetOfProducer, long now,
                     long deleteRetentionMs) {
        // now + delete.retention.ms must not overflow into the past, which would drop tombstones at once.
        super(now, Math.min(deleteRetentionMs, Long.MAX_VALUE - now));
        this.map = map;
        this.mappedTo = mappedTo;
        this.lastOffsetOfProducer = lastOffsetOfProducer;
    }

    @Override
    protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
        batch.ensureValid();
        boolean producersLast = batch.hasProducerId()
                && Long.valueOf(batch.lastOffset()).equals(lastOffsetOfProducer.get(batch.producerId()));
        return new BatchRetentionResult(producersLast ? BatchRetention.RETAIN_EMPTY : BatchRetention.DELETE_EMPTY,
                false);
    }

    @Override
    protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
        if (record.offset() >= mappedTo) {
            return true;
        }
        if (!record.hasKey()) {
            return false;
        }
        if (record.offset() < map.get(record.key())) {
            return false;
        }
        if (record.hasValue()) {
            return true;
        }
        // A tombstone without a horizon is seen clean for the first time: it stays, and filterTo gives it one.
        OptionalLong horizon = batch.deleteHorizonMs();
        long deleteAt = horizon.isPresent() ? horizon.getAsLong() : currentTime + deleteRetentionMs;
        if (horizon.isPresent() && currentTime >= deleteAt) {
            return false;
        }
        earliestTombstoneHorizon = Math.min(earliestTombstoneHorizon, deleteAt);
        return true;
    }

    /** When the earliest tombstone this filter kept may go; {@link Long#MAX_VALUE} when it kept none. */
    long earliestTombstoneHorizon() {
        return earliestTombstoneHorizon;
    }
}
