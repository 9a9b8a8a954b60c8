package dev.katka.connector.inbound;

import dev.katka.connector.api.KatkaException;
import jakarta.resource.spi.UnavailableException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sees one record through to its end: delivered to the bean, or, after the bean failed on it
 * {@code 1 + retries} times, written to the dead-letter topic. Between two deliveries it waits
 * the retry back-off.
 *
 * <p>Without a dead-letter topic, a record the bean keeps failing on is delivered again after
 * every back-off, without end, and its partition waits behind it; a SEVERE log says so once per
 * round of retries. The adapter never skips a record silently: an operator fixes the bean or its
 * resources, or sets a dead-letter topic, and the partition moves on.
 *
 * <p>Thread-safe (it keeps no state of its own between calls); each call runs on the delivery
 * worker that holds the record's partition.
 */
final class RetryingDelivery {

    private static final Logger LOG = Logger.getLogger(RetryingDelivery.class.getName());

    private final EndpointDelivery endpoint;
    private final int retries;
    private final Duration backoff;
    private final DeadLetterTopic deadLetters;
    private final StopSignal stop;

    /** @param deadLetters where records go after the last retry, or null to keep retrying */
    RetryingDelivery(EndpointDelivery endpoint, int retries, Duration backoff, DeadLetterTopic deadLetters,
                     StopSignal stop) {
        this.endpoint = endpoint;
        this.retries = retries;
        this.backoff = backoff;
        this.deadLetters = deadLetters;
        this.stop = stop;
    }

    /**
     * Delivers {@code record} until the bean took it or it is in the dead-letter topic.
     *
     * @return true when the record is done with (its offset may be committed), false when the
     *         activation stopped first (the record must be read again)
     */
    boolean deliver(ReceivedRecord record) {
        int attempts = 0;
        while (!stop.isStopped()) {
            try {
                endpoint.deliver(record);
                return true;
            } catch (UnavailableException e) {
                // Not the record's fault, and the bean did not see it: not an attempt.
                LOG.log(Level.FINE, "No endpoint available for " + record + "; waiting", e);
            } catch (DeliveryFailedException e) {
                attempts++;
                if (attempts > retries && deadLetters != null) {
                    return deadLetter(record, e.getCause(), attempts);
                }
                logFailure(record, e.getCause(), attempts);
            }
            if (stop.awaitStop(backoff)) {
                return false;
            }
        }
        return false;
    }

    /** Writes {@code record} to the dead-letter topic, again after each back-off until it is written. */
    private boolean deadLetter(ReceivedRecord record, Throwable failure, int attempts) {
        while (true) {
            try {
                deadLetters.publish(record, failure, attempts);
                LOG.log(Level.WARNING, record + " failed " + attempts + " deliveries and is now in the dead-letter topic",
                        failure);
                return true;
            } catch (KatkaException e) {
                LOG.log(Level.SEVERE, e.getMessage() + "; trying again in " + backoff.toMillis() + " ms", e);
            }
            if (stop.awaitStop(backoff)) {
                return false;
            }
        }
    }

    private void logFailure(ReceivedRecord record, Throwable failure, int attempts) {
        if (attempts <= retries) {
            LOG.log(Level.WARNING, "Delivery " + attempts + " of " + record + " failed; "
                    + (retries - attempts + 1) + " retries left", failure);
        } else if ((attempts - 1) % (retries + 1) == 0) {
            LOG.log(Level.SEVERE, record + " failed " + attempts + " deliveries and there is no deadLetterTopic: "
                    + "it is delivered again every " + backoff.toMillis() + " ms, and its partition waits", failure);
        } else {
            LOG.log(Level.FINE, "Delivery " + attempts + " of " + record + " failed", failure);
        }
    }
}
