package dev.katka.protocol;

import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;

/**
 * AlterConfigs (the older, whole-set API): a topic's overrides become exactly the given ones.
 * Broker configs are static and refused.
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequest> {

    private final TopicRegistry topics;
    private final Executor admin;

    public AlterConfigsHandler(TopicRegistry topics, Executor admin) {
        this.topics = topics;
        this.admin = admin;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<AlterConfigsRequest> request) {
        return CompletableFuture.supplyAsync(() -> alterAll(request.body()), admin);
    }

    private AbstractResponse alterAll(AlterConfigsRequest request) {
        AlterConfigsResponseData response = new AlterConfigsResponseData();
        for (AlterConfigsResource resource : request.data().resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                Map<String, String> overrides = new HashMap<>();
                resource.configs().forEach(c -> overrides.put(c.name(), c.value()));
                TopicConfigChanges.requireTopic(resource.resourceType());
                topics.replaceConfigs(topics.require(resource.resourceName()), overrides,
                        request.data().validateOnly());
            } catch (RuntimeException e) {
                ApiError error = ApiErrors.of(e, "altering configs of " + resource.resourceName());
                result.setErrorCode(error.error().code()).setErrorMessage(error.message());
            }
            response.responses().add(result);
        }
        return new AlterConfigsResponse(response);
    }
}
