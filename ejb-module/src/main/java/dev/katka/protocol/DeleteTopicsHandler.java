package dev.katka.protocol;

import dev.katka.config.BrokerConfig;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;

/**
 * DeleteTopics, by name or (version 6 on) by topic id. Deleting a topic removes its files.
 */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequest> {

    private final TopicRegistry topics;
    private final BrokerConfig broker;
    private final Executor admin;

    public DeleteTopicsHandler(TopicRegistry topics, BrokerConfig broker, Executor admin) {
        this.topics = topics;
        this.broker = broker;
        this.admin = admin;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<DeleteTopicsRequest> request) {
        return CompletableFuture.supplyAsync(() -> deleteAll(request.body()), admin);
    }

    private AbstractResponse deleteAll(DeleteTopicsRequest request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        for (DeleteTopicState state : request.topics()) {
            DeletableTopicResult result = new DeletableTopicResult().setName(state.name()).setTopicId(state.topicId());
            try {
                TopicRecord topic = find(state);
                result.setName(topic.name()).setTopicId(topic.id());
                if (!broker.deleteTopicEnable()) {
                    throw new TopicDeletionDisabledException("Topic deletion is disabled on this broker "
                            + "(delete.topic.enable=false).");
                }
                topics.delete(topic);
            } catch (RuntimeException e) {
                ApiError error = ApiErrors.of(e, "deleting topic " + state.name());
                result.setErrorCode(error.error().code()).setErrorMessage(error.message());
            }
            response.responses().add(result);
        }
        return new DeleteTopicsResponse(response);
    }

    private TopicRecord find(DeleteTopicState state) {
        boolean byName = state.name() != null;
        boolean byId = state.topicId() != null && !Uuid.ZERO_UUID.equals(state.topicId());
        if (byName == byId) {
            throw new InvalidRequestException("Name a topic either by name or by id, not both or neither.");
        }
        return byName ? topics.require(state.name()) : topics.require(state.topicId());
    }
}
