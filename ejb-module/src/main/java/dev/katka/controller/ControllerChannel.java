package dev.katka.controller;

import dev.katka.controller.ControllerAction.Reply;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;

/**
 * How a broker asks its own controller for a metadata change. The answer comes once the change is
 * decided and applied by this broker; it fails with NOT_CONTROLLER when this broker is not (or
 * stops being) the controller. Client requests reach it only on the controller: elsewhere
 * {@link dev.katka.forwarding.ControllerRouter} forwards them to the controller first.
 */
@FunctionalInterface
public interface ControllerChannel {

    /** Submits a request; the factory gets the request id. */
    CompletionStage<Reply> submit(LongFunction<ControllerEvent.Request> request);

    /**
     * Submits a request and waits for the answer; blocks, so not for network threads.
     *
     * @return the controller's answer when it accepted the request
     * @throws org.apache.kafka.common.errors.ApiException the controller's refusal as its Kafka
     *         error, NOT_CONTROLLER, or a timeout
     */
    default Reply call(LongFunction<ControllerEvent.Request> request, Duration timeout) {
        Reply reply = await(submit(request), timeout);
        if (reply.error() != Errors.NONE) {
            throw reply.error().exception(reply.message());
        }
        return reply;
    }

    /**
     * Waits for an answer from the controller (local or over the network): its failure is thrown
     * as it is, no answer within {@code timeout} as REQUEST_TIMED_OUT.
     */
    static <T> T await(CompletionStage<T> answer, Duration timeout) {
        try {
            return answer.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new KafkaException("The controller failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("The controller did not answer within " + timeout.toMillis() + " ms.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("Interrupted while waiting for the controller.");
        }
    }
}
