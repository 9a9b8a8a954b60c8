package dev.katka.protocol;

import dev.katka.network.ReceivedRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * ApiVersions: the first request of every client, telling it which APIs and versions to use.
 *
 * <p>A client newer than this broker may ask in a version the broker does not know; it gets
 * UNSUPPORTED_VERSION together with the full list (serialized as version 0, which every client
 * reads), and retries in a version from that list.
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequest> {

    private final Supplier<ApiVersionCollection> supported;

    public ApiVersionsHandler(Supplier<ApiVersionCollection> supported) {
        this.supported = supported;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<ApiVersionsRequest> request) {
        ApiVersionsRequest body = request.body();
        ApiVersionsResponseData data = new ApiVersionsResponseData()
                .setApiKeys(supported.get().duplicate());
        if (body.hasUnsupportedRequestVersion()) {
            data.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        } else if (!body.isValid()) {
            data.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        return CompletableFuture.completedFuture(new ApiVersionsResponse(data));
    }
}
