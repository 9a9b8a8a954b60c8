package dev.katka.metrics;

import dev.katka.network.ReceivedRequest;
import dev.katka.network.RequestHandler;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.utils.Time;

/**
 * Counts and times every request on its way through the broker's {@link RequestHandler}: the
 * time runs from when the frame was read until the response (or failure) is ready.
 *
 * <p>Thread-safe as far as the handler it wraps is.
 */
public final class TimedRequests implements RequestHandler {

    private final RequestHandler handler;
    private final RequestStats stats;
    private final Time time;

    public TimedRequests(RequestHandler handler, RequestStats stats, Time time) {
        this.handler = handler;
        this.stats = stats;
        this.time = time;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<?> request) {
        return handler.handle(request).whenComplete((response, failure) ->
                stats.answered(request.api(), time.nanoseconds() - request.receivedNanos()));
    }
}
