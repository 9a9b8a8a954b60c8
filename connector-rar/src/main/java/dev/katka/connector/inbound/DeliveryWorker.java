package dev.katka.connector.inbound;

import jakarta.resource.spi.work.Work;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One of the {@code maxConcurrency} threads of an activation that deliver records: it takes a
 * lane from the ready queue, delivers its records in order for one turn, and puts the lane back
 * when records are still waiting. Turns keep one busy partition from starving the others when
 * there are more partitions than workers.
 *
 * <p>Runs as {@link Work} on a thread of the container's work manager; confined to it.
 */
final class DeliveryWorker implements Work {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class.getName());

    /** The most records of one lane delivered before the worker looks at the other lanes. */
    private static final int RECORDS_PER_TURN = 100;
    /** How often an idle worker looks whether the activation stops. */
    private static final Duration IDLE_CHECK = Duration.ofMillis(100);

    private final BlockingQueue<PartitionLane> ready;
    private final RetryingDelivery delivery;
    private final StopSignal stop;

    DeliveryWorker(BlockingQueue<PartitionLane> ready, RetryingDelivery delivery, StopSignal stop) {
        this.ready = ready;
        this.delivery = delivery;
        this.stop = stop;
    }

    @Override
    public void run() {
        try {
            while (!stop.isStopped()) {
                PartitionLane lane = ready.poll(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                if (lane != null) {
                    takeTurn(lane);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Should not happen (delivery failures are handled below it); a dying worker would
            // leave its lane scheduled forever, so stop the activation loudly instead.
            LOG.log(Level.SEVERE, "A delivery worker failed; the activation stops", e);
            stop.stop();
        }
    }

    private void takeTurn(PartitionLane lane) {
        try {
            for (int delivered = 0; delivered < RECORDS_PER_TURN && !stop.isStopped(); delivered++) {
                ConsumerRecord<byte[], byte[]> record = lane.next();
                if (record == null || !delivery.deliver(new ReceivedRecord(record))) {
                    return;
                }
                lane.done(record.offset());
            }
        } finally {
            if (lane.endTurn()) {
                ready.add(lane);
            }
        }
    }

    /** The container asks the work to end: the whole activation stops (it cannot deliver without its workers). */
    @Override
    public void release() {
        stop.stop();
    }
}
