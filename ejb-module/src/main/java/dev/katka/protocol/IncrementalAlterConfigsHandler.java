package dev.katka.protocol;

import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicConfigs;
import dev.katka.topic.TopicRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * IncrementalAlterConfigs: SET, DELETE, APPEND and SUBTRACT on a topic's overrides, applied
 * together or not at all per topic. Broker configs are static and refused.
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler<IncrementalAlterConfigsRequest> {

    private final TopicRegistry topics;
    private final TopicConfigs configs;
    private final Executor admin;

    public IncrementalAlterConfigsHandler(TopicRegistry topics, TopicConfigs configs, Executor admin) {
        this.topics = topics;
        this.configs = configs;
        this.admin = admin;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<IncrementalAlterConfigsRequest> request) {
        return CompletableFuture.supplyAsync(() -> alterAll(request.body()), admin);
    }

    private AbstractResponse alterAll(IncrementalAlterConfigsRequest request) {
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
        for (AlterConfigsResource resource : request.data().resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                TopicConfigChanges.requireTopic(resource.resourceType());
                TopicRecord topic = topics.require(resource.resourceName());
                Map<String, String> effective = new HashMap<>();
                configs.effective(topic.configs()).describe().forEach(s -> effective.put(s.name(), s.value()));
                TopicConfigChanges changes = new TopicConfigChanges(topic.configs(), effective);
                resource.configs().forEach(c -> changes.apply(c.name(), c.configOperation(), c.value()));
                topics.replaceConfigs(topic, changes.result(), request.data().validateOnly());
            } catch (RuntimeException e) {
                ApiError error = ApiErrors.of(e, "altering configs of " + resource.resourceName());
                result.setErrorCode(error.error().code()).setErrorMessage(error.message());
            }
            response.responses().add(result);
        }
        return new IncrementalAlterConfigsResponse(response);
    }
}
