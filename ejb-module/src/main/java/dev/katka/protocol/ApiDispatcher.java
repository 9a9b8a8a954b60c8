package dev.katka.protocol;

import dev.katka.network.CloseConnectionException;
import dev.katka.network.ReceivedRequest;
import dev.katka.network.RequestHandler;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Routes each request to the handler of its API, and knows which APIs and versions this broker
 * serves (what ApiVersions advertises).
 *
 * <p>A request for an API that has no handler closes the connection, as Kafka does: a client
 * only sends what was advertised, so such a request means a confused or hostile peer.
 *
 * <p>Handlers are registered before the listener starts; afterwards the dispatcher is read-only
 * and thread-safe.
 */
public final class ApiDispatcher implements RequestHandler {

    private final Map<ApiKeys, Registration> handlers = new EnumMap<>(ApiKeys.class);

    /** Serves an API in every version kafka-clients knows for it. */
    public <R extends AbstractRequest> ApiDispatcher register(ApiKeys api, ApiHandler<R> handler) {
        return register(api, api.oldestVersion(), handler);
    }

    /**
     * Serves an API, advertising versions from {@code advertisedMinVersion} on. (Produce is
     * advertised from version 0 because librdkafka decides its features from the advertised
     * range; versions before 3 cannot be parsed any more and close the connection.)
     */
    public <R extends AbstractRequest> ApiDispatcher register(ApiKeys api, short advertisedMinVersion,
                                                              ApiHandler<R> handler) {
        handlers.put(api, new Registration(advertisedMinVersion, api.latestVersion(), handler));
        return this;
    }

    /** The APIs and versions this broker serves, as ApiVersions reports them. */
    public ApiVersionCollection apiVersions() {
        ApiVersionCollection versions = new ApiVersionCollection();
        handlers.forEach((api, registration) -> versions.add(new ApiVersion()
                .setApiKey(api.id)
                .setMinVersion(registration.minVersion)
                .setMaxVersion(registration.maxVersion)));
        return versions;
    }

    public Map<ApiKeys, Registration> registrations() {
        return Collections.unmodifiableMap(handlers);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<?> request) {
        Registration registration = handlers.get(request.api());
        if (registration == null) {
            return CompletableFuture.failedFuture(new CloseConnectionException(
                    "API " + request.api() + " is not served by this broker"));
        }
        try {
            return ((ApiHandler) registration.handler).handle(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One served API. */
    public record Registration(short minVersion, short maxVersion, ApiHandler<?> handler) {
    }
}
