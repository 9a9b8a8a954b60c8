package dev.katka.network;

import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * What the network layer hands every request to.
 *
 * <p>Called on the connection's event loop, one request at a time per connection, in arrival
 * order. An implementation must not block: work that waits (the metadata store, a long poll)
 * completes the returned stage later, from any thread.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * @return the response; a stage completed with {@code null} when the request gets no
     *         response (Produce with acks=0). A stage completed exceptionally is answered with the
     *         request type's error response for that exception.
     */
    CompletionStage<AbstractResponse> handle(ReceivedRequest<?> request);
}
