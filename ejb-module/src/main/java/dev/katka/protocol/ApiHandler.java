package dev.katka.protocol;

import dev.katka.network.ReceivedRequest;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Serves one Kafka API. Runs on the connection's event loop and must not block; see
 * {@link dev.katka.network.RequestHandler} for the contract of the returned stage.
 *
 * @param <R> the request type of the API
 */
@FunctionalInterface
public interface ApiHandler<R extends AbstractRequest> {

    CompletionStage<AbstractResponse> handle(ReceivedRequest<R> request);
}
