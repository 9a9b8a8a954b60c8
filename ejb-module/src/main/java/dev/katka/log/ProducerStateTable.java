package dev.katka.log;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.DuplicateSequenceException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The idempotent producers of one partition (KIP-98): who they are, their epoch, their last
 * batches, and the rules a new batch must follow.
 * <ul>
 *   <li>same epoch: a batch equal to a cached one is a duplicate (answered with its original
 *       offsets, not written); a batch wholly below the last sequence is an older duplicate whose
 *       offsets are no longer cached ({@link DuplicateSequenceException}: Kafka's producer takes it
 *       as written, without an offset); otherwise it must continue the sequence exactly
 *       ({@link OutOfOrderSequenceException});</li>
 *   <li>an older epoch is fenced ({@link InvalidProducerEpochException});</li>
 *   <li>a newer epoch, or a producer the partition does not know, must start at sequence 0.</li>
 * </ul>
 * The table is rebuilt from the log on open ({@link #replay}), from a {@link ProducerSnapshot}
 * on, and forgets producers that have been idle too long; not those whose batches retention or
 * DeleteRecords deleted, which would fail their next batch (KAFKA-7190).
 *
 * <p>Not thread-safe: used under the log's lock only.
 */
final class ProducerStateTable {

    /** Sequences run from 0 to {@link Integer#MAX_VALUE}, then start at 0 again. */
    private static final long SEQUENCE_SPACE = Integer.MAX_VALUE + 1L;

    private final Map<Long, ProducerEntry> producers = new HashMap<>();

    /** Starts the producer-state part of one append; nothing changes until {@link Append#commit()}. */
    Append begin() {
        return new Append();
    }

    /** The changes one append makes, checked batch by batch, so that batches of one request chain. */
    final class Append {

        /** Created by the first idempotent batch: most appends have none. */
        private Map<Long, ProducerEntry> pending = Map.of();

        /**
         * Checks {@code batch} against the producer's state and records it with the offsets it will
         * get.
         *
         * @return the cached batch this one repeats (nothing must be written then), or {@code null}
         */
        SequencedBatch add(RecordBatch batch, long firstOffset, long lastOffset, long timestamp) {
            long producerId = batch.producerId();
            short epoch = batch.producerEpoch();
            int firstSequence = batch.baseSequence();
            ProducerEntry current = pending.containsKey(producerId) ? pending.get(producerId) : producers.get(producerId);
            ProducerEntry next;
            if (current == null || epoch > current.epoch()) {
                if (firstSequence != 0) {
                    throw new OutOfOrderSequenceException("Producer " + producerId + " at epoch " + epoch
                            + (current == null ? " is unknown to this partition" : " starts a new epoch")
                            + " and must start at sequence 0, not " + firstSequence);
                }
                next = ProducerEntry.startingAt(producerId, epoch);
            } else if (epoch < current.epoch()) {
                throw new InvalidProducerEpochException("Producer " + producerId + " has epoch " + epoch
                        + ", older than the current epoch " + current.epoch());
            } else {
                SequencedBatch duplicate = current.find(firstSequence, batch.lastSequence());
                if (duplicate != null) {
                    return duplicate;
                }
                int expected = current.lastSequence() == RecordBatch.NO_SEQUENCE
                        ? 0 : DefaultRecordBatch.incrementSequence(current.lastSequence(), 1);
                if (firstSequence != expected) {
                    throw outOfSequence(current, batch, expected);
                }
                next = current.copy();
            }
            next.add(new SequencedBatch(firstSequence, batch.lastSequence(), firstOffset, lastOffset, timestamp));
            if (pending.isEmpty()) {
                pending = new HashMap<>(2);
            }
            pending.put(producerId, next);
            return null;
        }

        /**
     * Why a batch of the producer's current epoch does not continue its sequence: it repeats
     * older batches, or it leaves a gap.
     */
    private static ApiException outOfSequence(ProducerEntry current, RecordBatch batch, int expected) {
        String producer = "Producer " + batch.producerId() + " at epoch " + batch.producerEpoch();
        if (writtenBefore(current, batch.baseSequence(), batch.lastSequence())) {
            // A retry that arrives after more than the cached batches followed it: after a leader
            // change, the producer sent newer batches to the new leader while this one waited for
            // the old leader's answer. The sequences were accepted in order, so it is in the log;
            // only where is forgotten.
            return new DuplicateSequenceException(producer + " sent sequences " + batch.baseSequence() + "-"
                    + batch.lastSequence() + " again; this partition has them (up to sequence "
                    + current.lastSequence() + ") but no longer knows their offsets");
        }
        return new OutOfOrderSequenceException(producer + " sent sequence " + batch.baseSequence() + " where "
                + expected + " was expected");
    }

    /**
     * Whether the sequences lie wholly behind the producer's last one, so were written before.
     * Sequences wrap around after {@link Integer#MAX_VALUE}: behind means less than half the
     * sequence space back, so that the first sequences after a wrap are ahead of the last ones
     * before it.
     */
    private static boolean writtenBefore(ProducerEntry entry, int firstSequence, int lastSequence) {
        int last = entry.lastSequence();
        if (last == RecordBatch.NO_SEQUENCE) {
            return false;
        }
        long behindFirst = behind(last, firstSequence);
        long behindLast = behind(last, lastSequence);
        return behindLast < SEQUENCE_SPACE / 2 && behindFirst >= behindLast;
    }

    /** How far {@code sequence} lies behind {@code last}, counting around the wrap. */
    private static long behind(int last, int sequence) {
        return Math.floorMod((long) last - sequence, SEQUENCE_SPACE);
    }

    /** Makes the changes visible: the batches are in the log. */
        void commit() {
            producers.putAll(pending);
        }
    }

    /**
     * Takes a batch read back from the log into the state, without checks: it was accepted when
     * it was written.
     */
    void replay(RecordBatch batch) {
        if (!batch.hasProducerId()) {
            return;
        }
        ProducerEntry current = producers.get(batch.producerId());
        if (current == null || batch.producerEpoch() > current.epoch()) {
            current = ProducerEntry.startingAt(batch.producerId(), batch.producerEpoch());
            producers.put(batch.producerId(), current);
        } else if (batch.producerEpoch() < current.epoch()) {
            return;
        }
        current.add(new SequencedBatch(batch.baseSequence(), batch.lastSequence(), batch.baseOffset(),
                batch.lastOffset(), batch.maxTimestamp()));
    }

    /** Forgets producers idle for longer than {@code expirationMs}. */
    void removeExpired(long now, long expirationMs) {
        producers.values().removeIf(entry -> now - entry.lastTimestamp() > expirationMs);
    }

    void clear() {
        producers.clear();
    }

    void load(List<ProducerEntry> entries) {
        producers.clear();
        for (ProducerEntry entry : entries) {
            producers.put(entry.producerId(), entry);
        }
    }

    Collection<ProducerEntry> entries() {
        return producers.values();
    }

    ProducerEntry get(long producerId) {
        return producers.get(producerId);
    }

    int size() {
        return producers.size();
    }
}
