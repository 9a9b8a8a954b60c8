package dev.katka.connector.inbound;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Tells the threads of one activation that it is stopping, and lets them wait (between two
 * deliveries of a failed record, for instance) in a way that ends as soon as it is.
 *
 * <p>Thread-safe.
 */
final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    void stop() {
        stopped.countDown();
    }

    boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /**
     * Waits {@code duration} unless the activation stops first.
     *
     * @return whether it is stopping (an interrupt counts as a request to stop)
     */
    boolean awaitStop(Duration duration) {
        try {
            return stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
