package dev.katka.connector.inbound;

import dev.katka.connector.AdapterClassLoader;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The consumption of one message-driven bean: a {@link PollLoop} that owns the consumer,
 * {@code maxConcurrency} {@link DeliveryWorker}s that deliver to the bean, and the dead-letter
 * producer, all on threads of the container's work manager.
 *
 * <p>Thread-safe: started and closed by the container's threads.
 */
final class InboundActivation implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InboundActivation.class.getName());

    /** Beyond the drain and the consumer's close: room for the poll loop to notice the stop. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(2);

    private final ActivationSettings settings;
    private final StopSignal stop;
    private final PollLoop pollLoop;
    private final DeadLetterTopic deadLetters;

    private InboundActivation(ActivationSettings settings, StopSignal stop, PollLoop pollLoop,
                              DeadLetterTopic deadLetters) {
        this.settings = settings;
        this.stop = stop;
        this.pollLoop = pollLoop;
        this.deadLetters = deadLetters;
    }

    /**
     * Starts consuming for the bean of {@code factory}; returns without waiting for the consumer
     * to join its group.
     */
    static InboundActivation start(ActivationSettings settings, MessageEndpointFactory factory, WorkManager workManager)
            throws ResourceException {
        EndpointDelivery endpoint = new EndpointDelivery(factory);
        StopSignal stop = new StopSignal();
        DeadLetterTopic deadLetters = settings.deadLetterTopic() == null ? null
                : new DeadLetterTopic(settings.deadLetterTopic(),
                        AdapterClassLoader.call(() -> new KafkaProducer<>(settings.deadLetterProducerProperties())));
        RetryingDelivery delivery = new RetryingDelivery(endpoint, settings.retries(), settings.retryBackoff(),
                deadLetters, stop);
        BlockingQueue<PartitionLane> ready = new LinkedBlockingQueue<>();
        PollLoop pollLoop = new PollLoop(settings, ready, stop);
        try {
            workManager.scheduleWork(pollLoop);
        } catch (WorkException e) {
            if (deadLetters != null) {
                deadLetters.close();
            }
            throw new ResourceException("the work manager refused the consumer of group " + settings.groupId(), e);
        }
        InboundActivation activation = new InboundActivation(settings, stop, pollLoop, deadLetters);
        try {
            for (int i = 0; i < settings.maxConcurrency(); i++) {
                workManager.scheduleWork(new DeliveryWorker(ready, delivery, stop));
            }
        } catch (WorkException e) {
            activation.close();
            throw new ResourceException("the work manager refused a delivery worker of group " + settings.groupId()
                    + " (maxConcurrency=" + settings.maxConcurrency() + ")", e);
        }
        LOG.info(() -> "Delivering " + (settings.topicPattern() != null ? "topics matching " + settings.topicPattern()
                : settings.topics()) + " to group " + settings.groupId());
        return activation;
    }

    /**
     * Stops: no new delivery starts, those in progress may finish (up to the drain timeout), what
     * was delivered is committed, the consumer leaves its group and the dead-letter producer
     * closes. Returns when that is done or its time is up.
     */
    @Override
    public void close() {
        stop.stop();
        Duration timeout = settings.drainTimeout().plus(PollLoop.CLOSE_TIMEOUT).plus(STOP_MARGIN);
        try {
            if (!pollLoop.awaitFinished(timeout)) {
                LOG.warning(() -> "The consumer of group " + settings.groupId() + " did not close within "
                        + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (deadLetters != null) {
                deadLetters.close();
            }
        }
        LOG.info(() -> "Stopped delivering to group " + settings.groupId());
    }
}
