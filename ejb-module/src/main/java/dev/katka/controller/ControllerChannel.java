package dev.katka.controller;

import dev.katka.controller.ControllerAction.Reply;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;

/**
 * How a broker asks the controller for a metadata change. The answer comes once the change is
 * decided and applied by this broker; it fails with NOT_CONTROLLER when the request cannot reach
 * the controller from here (the client then asks the controller itself, as Kafka clients do).
 */
@FunctionalInterface
public interface ControllerChannel {

    /** Submits a request; the factory gets the request id. */
    CompletionStage<Reply> submit(LongFunction<ControllerEvent.Request> request);
}
