package dev.katka.connector.inbound;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One assigned partition between the poll thread and the delivery workers: the records polled
 * and not yet delivered, in offset order, and how far delivery got (the offset to commit).
 *
 * <p>At most one worker holds a lane at a time; that is what keeps the records of a partition in
 * order and one at a time. A lane is <em>scheduled</em> while it waits in the ready queue or a
 * worker holds it, so it is never in the queue twice.
 *
 * <p>When its partition is revoked the lane is <em>drained</em> (nothing more is delivered after
 * the record in progress) and then <em>closed</em>: from then on the partition belongs to another
 * consumer, and what a late delivery finishes no longer counts here.
 *
 * <p>Thread-safe: the poll thread appends, drains and reads the progress; the worker holding the
 * lane takes records and reports them done. One lock guards it all.
 */
final class PartitionLane {

    private final TopicPartition partition;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Deque<ConsumerRecord<byte[], byte[]>> waiting = new ArrayDeque<>();
    private boolean scheduled;
    private boolean delivering;
    private boolean draining;
    private boolean closed;
    private long nextOffset = -1;

    PartitionLane(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    /**
     * Adds records polled from the partition.
     *
     * @return true when the caller must put the lane in the ready queue (it was not scheduled)
     */
    boolean append(List<ConsumerRecord<byte[], byte[]>> records) {
        lock.lock();
        try {
            if (draining) {
                return false;
            }
            waiting.addAll(records);
            if (scheduled || waiting.isEmpty()) {
                return false;
            }
            scheduled = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How many records wait for delivery. */
    int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The next record to deliver, for the worker holding the lane; null when there is none or the lane drains. */
    ConsumerRecord<byte[], byte[]> next() {
        lock.lock();
        try {
            if (draining || waiting.isEmpty()) {
                return null;
            }
            delivering = true;
            return waiting.poll();
        } finally {
            lock.unlock();
        }
    }

    /** The record at {@code offset}, the last one {@link #next} gave, is delivered: its offset may be committed. */
    void done(long offset) {
        lock.lock();
        try {
            if (!closed) {
                nextOffset = offset + 1;
            }
            delivering = false;
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The worker lets go of the lane.
     *
     * @return true when records are still waiting: the worker must put the lane back in the
     *         ready queue (it stays scheduled)
     */
    boolean endTurn() {
        lock.lock();
        try {
            delivering = false;
            idle.signalAll();
            if (!draining && !waiting.isEmpty()) {
                return true;
            }
            scheduled = false;
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** No record is delivered after the one in progress; those waiting are dropped (they will be read again). */
    void drain() {
        lock.lock();
        try {
            draining = true;
            waiting.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no record of the lane is being delivered, or until {@code deadlineNanos}
     * ({@link System#nanoTime} time).
     *
     * @return whether the lane is idle
     */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (delivering) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the lane: deliveries that finish later are not counted.
     *
     * @return the offset to commit for the partition, or -1 when nothing was delivered
     */
    long close() {
        lock.lock();
        try {
            closed = true;
            return nextOffset;
        } finally {
            lock.unlock();
        }
    }

    /** The offset to commit: the one after the last record delivered, or -1 when none was. */
    long nextOffset() {
        lock.lock();
        try {
            return nextOffset;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return partition.toString();
    }

}
