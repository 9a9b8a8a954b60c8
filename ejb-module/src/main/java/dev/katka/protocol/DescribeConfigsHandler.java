package dev.katka.protocol;

import dev.katka.cluster.ClusterView;
import dev.katka.config.BrokerConfig;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicConfigs;
import dev.katka.topic.TopicRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs for topics (effective values with their source and broker synonyms) and for
 * this broker (its static configuration, read-only).
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest> {

    private final TopicRegistry topics;
    private final TopicConfigs configs;
    private final BrokerConfig broker;
    private final ClusterView cluster;

    public DescribeConfigsHandler(TopicRegistry topics, TopicConfigs configs, BrokerConfig broker, ClusterView cluster) {
        this.topics = topics;
        this.configs = configs;
        this.broker = broker;
        this.cluster = cluster;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<DescribeConfigsRequest> request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        boolean synonyms = request.body().data().includeSynonyms();
        boolean documentation = request.body().data().includeDocumentation();
        for (DescribeConfigsResource resource : request.body().data().resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                result.setConfigs(describe(resource, synonyms, documentation));
            } catch (RuntimeException e) {
                ApiError error = ApiErrors.of(e, "describing configs of " + resource.resourceName());
                result.setErrorCode(error.error().code()).setErrorMessage(error.message());
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponse(response));
    }

    private List<DescribeConfigsResourceResult> describe(DescribeConfigsResource resource, boolean synonyms,
                                                         boolean documentation) {
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        switch (type) {
            case TOPIC -> {
                TopicRecord topic = topics.require(resource.resourceName());
                return ConfigDescriptions.topic(configs.effective(topic.configs()).describe(),
                        resource.configurationKeys(), synonyms, documentation);
            }
            case BROKER -> {
                requireThisBroker(resource.resourceName(), cluster);
                return ConfigDescriptions.broker(broker, resource.configurationKeys(), synonyms, documentation);
            }
            default -> throw new InvalidRequestException("Katka has no configs of resource type " + type + ".");
        }
    }

    /** A broker resource names this broker, or is empty (the cluster-wide defaults). */
    static void requireThisBroker(String name, ClusterView cluster) {
        if (!name.isEmpty() && !name.equals(Integer.toString(cluster.localBrokerId()))) {
            throw new InvalidRequestException("This is broker " + cluster.localBrokerId()
                    + "; ask broker '" + name + "' for its own configs.");
        }
    }
}
