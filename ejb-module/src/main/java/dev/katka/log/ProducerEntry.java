package dev.katka.log;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * One idempotent producer's state in one partition: its epoch and its last
 * {@link #CACHED_BATCHES} batches (Kafka's producer has at most five requests in flight per
 * connection, so a retry is always one of them).
 *
 * <p>Not thread-safe: owned by {@link ProducerStateTable}, used under the log's lock.
 */
final class ProducerEntry {

    static final int CACHED_BATCHES = 5;

    private final long producerId;
    private final short epoch;
    private final ArrayDeque<SequencedBatch> batches;
    private long lastTimestamp;

    ProducerEntry(long producerId, short epoch, long lastTimestamp, List<SequencedBatch> batches) {
        this.producerId = producerId;
        this.epoch = epoch;
        this.lastTimestamp = lastTimestamp;
        this.batches = new ArrayDeque<>(batches);
    }

    static ProducerEntry startingAt(long producerId, short epoch) {
        return new ProducerEntry(producerId, epoch, RecordBatch.NO_TIMESTAMP, List.of());
    }

    ProducerEntry copy() {
        return new ProducerEntry(producerId, epoch, lastTimestamp, new ArrayList<>(batches));
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    /** Oldest first. */
    List<SequencedBatch> batches() {
        return List.copyOf(batches);
    }

    /** The last sequence written, or {@link RecordBatch#NO_SEQUENCE} when none in this epoch. */
    int lastSequence() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.getLast().lastSequence();
    }

    /** The last offset written, or -1. */
    long lastOffset() {
        return batches.isEmpty() ? -1 : batches.getLast().lastOffset();
    }

    /** The cached batch with exactly these sequences, or {@code null}. */
    SequencedBatch find(int firstSequence, int lastSequence) {
        for (SequencedBatch batch : batches) {
            if (batch.firstSequence() == firstSequence && batch.lastSequence() == lastSequence) {
                return batch;
            }
        }
        return null;
    }

    void add(SequencedBatch batch) {
        if (batches.size() == CACHED_BATCHES) {
            batches.removeFirst();
        }
        batches.addLast(batch);
        lastTimestamp = Math.max(lastTimestamp, batch.timestamp());
    }
}
