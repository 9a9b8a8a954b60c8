package dev.katka.connector.inbound;

import dev.katka.connector.AdapterClassLoader;
import jakarta.resource.spi.work.Work;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The thread that owns an activation's Kafka consumer, the only one that touches it (a consumer
 * is not thread-safe). It polls, hands records to the partitions' lanes, and commits the offsets
 * the delivery workers got to. It never waits for the bean, so it polls well within
 * {@code max.poll.interval.ms} however slow the bean is, and the group keeps the consumer as a
 * member; when a lane fills up it pauses that partition, and resumes it once the lane has room.
 *
 * <p>On a rebalance it gives revoked partitions back cleanly: no delivery starts after the one
 * in progress, it waits for that one (bounded), commits what was delivered and drops what was
 * waiting (the partition's next owner reads it again). When the activation stops it does the
 * same for every partition and then closes the consumer, which leaves the group at once instead
 * of after the session timeout.
 *
 * <p>Runs as {@link Work} on a thread of the container's work manager. Its fields are confined
 * to that thread (the rebalance callbacks run on it too, inside {@code poll} and {@code close});
 * only {@link #awaitFinished} is called from other threads.
 */
final class PollLoop implements Work, ConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(PollLoop.class.getName());

    /** How long one poll waits for records: also how soon commits, resumes and stops happen. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** How long the consumer may take to leave the group when it closes. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait before a new consumer replaces one that failed. */
    private static final Duration RESTART_BACKOFF = Duration.ofSeconds(5);

    private final ActivationSettings settings;
    private final BlockingQueue<PartitionLane> ready;
    private final StopSignal stop;
    private final CountDownLatch finished = new CountDownLatch(1);

    private final Map<TopicPartition, PartitionLane> lanes = new HashMap<>();
    /** The offset last sent for commit, per partition: what need not be sent again. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private Consumer<byte[], byte[]> consumer;

    PollLoop(ActivationSettings settings, BlockingQueue<PartitionLane> ready, StopSignal stop) {
        this.settings = settings;
        this.ready = ready;
        this.stop = stop;
    }

    @Override
    public void run() {
        try {
            while (!stop.isStopped()) {
                try {
                    AdapterClassLoader.run(this::consumeUntilStopped);
                } catch (KafkaException | IllegalStateException e) {
                    LOG.log(Level.SEVERE, "The consumer of group " + settings.groupId() + " failed; a new one starts in "
                            + RESTART_BACKOFF.toSeconds() + " s", e);
                    stop.awaitStop(RESTART_BACKOFF);
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /** The container asks the work to end: the activation stops. */
    @Override
    public void release() {
        stop.stop();
    }

    /** Waits until the consumer is closed, at most {@code timeout}; whether it is. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void consumeUntilStopped() {
        consumer = new KafkaConsumer<>(settings.consumerProperties());
        try {
            if (settings.topicPattern() != null) {
                consumer.subscribe(settings.topicPattern(), this);
            } else {
                consumer.subscribe(settings.topics(), this);
            }
            while (!stop.isStopped()) {
                pollOnce();
            }
        } finally {
            try {
                giveBack(new ArrayList<>(lanes.values()), settings.drainTimeout(), true);
            } finally {
                committed.clear();
                // Leaving explicitly, also for a static member: the partitions move to the other
                // members now, not after the session timeout.
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                        .withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
                consumer = null;
            }
        }
    }

    private void pollOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (TopicPartition partition : records.partitions()) {
            PartitionLane lane = lanes.computeIfAbsent(partition, PartitionLane::new);
            if (lane.append(records.records(partition))) {
                ready.add(lane);
            }
        }
        applyBackPressure();
        commitProgress();
    }

    /**
     * Pauses the partitions whose lane holds a poll's worth of records and resumes those whose
     * lane is half empty again: memory stays bounded while the consumer keeps polling.
     */
    private void applyBackPressure() {
        Set<TopicPartition> paused = consumer.paused();
        List<TopicPartition> toPause = new ArrayList<>();
        List<TopicPartition> toResume = new ArrayList<>();
        for (PartitionLane lane : lanes.values()) {
            int waiting = lane.waitingCount();
            boolean isPaused = paused.contains(lane.partition());
            if (!isPaused && waiting >= settings.pollSize()) {
                toPause.add(lane.partition());
            } else if (isPaused && waiting <= settings.pollSize() / 2) {
                toResume.add(lane.partition());
            }
        }
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    /** Commits, without waiting, the offsets delivery got to since the last commit. */
    private void commitProgress() {
        Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
        for (PartitionLane lane : lanes.values()) {
            long next = lane.nextOffset();
            if (next > committed.getOrDefault(lane.partition(), -1L)) {
                due.put(lane.partition(), new OffsetAndMetadata(next));
            }
        }
        if (due.isEmpty()) {
            return;
        }
        due.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        consumer.commitAsync(due, (offsets, failure) -> {
            if (failure != null) {
                // Sent again with the next progress check; until then a restart would only
                // deliver these records again.
                LOG.log(Level.FINE, "Committing " + offsets + " failed; trying again", failure);
                offsets.forEach((partition, offset) -> committed.remove(partition, offset.offset()));
            }
        });
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            lanes.computeIfAbsent(partition, PartitionLane::new);
        }
        LOG.fine(() -> "Group " + settings.groupId() + " assigned " + partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        giveBack(lanesOf(partitions), settings.revocationTimeout(), true);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        // Another member owns them already: nothing to wait for, and a commit would be refused.
        giveBack(lanesOf(partitions), Duration.ZERO, false);
    }

    /**
     * Ends the lanes of partitions this consumer no longer owns: no delivery starts on them, the
     * one in progress may finish within {@code timeout}, and, when {@code commit}, what was
     * delivered is committed before the partition moves on.
     */
    private void giveBack(List<PartitionLane> ending, Duration timeout, boolean commit) {
        if (ending.isEmpty()) {
            return;
        }
        ending.forEach(PartitionLane::drain);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionLane lane : ending) {
            if (!awaitIdle(lane, deadline)) {
                LOG.warning(() -> "A delivery of " + lane + " is still in progress after " + timeout.toMillis()
                        + " ms; its record will be delivered again by the partition's next owner");
            }
            long next = lane.close();
            if (commit && next >= 0) {
                offsets.put(lane.partition(), new OffsetAndMetadata(next));
            }
            lanes.remove(lane.partition());
            committed.remove(lane.partition());
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (KafkaException e) {
            LOG.log(Level.WARNING, "Committing " + offsets + " failed: records after the last committed offset will be "
                    + "delivered again", e);
        }
    }

    private boolean awaitIdle(PartitionLane lane, long deadline) {
        try {
            return lane.awaitIdle(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<PartitionLane> lanesOf(Collection<TopicPartition> partitions) {
        return partitions.stream().map(lanes::get).filter(Objects::nonNull).toList();
    }
}
