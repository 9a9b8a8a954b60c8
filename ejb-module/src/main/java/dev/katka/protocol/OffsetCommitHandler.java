package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * OffsetCommit: a group's consumed positions, answered once written to {@code __consumer_offsets}
 * with acks=all (see {@link dev.katka.group.GroupShard#onCommit}). From version 10 topics come by
 * id; an unknown id gets UNKNOWN_TOPIC_ID.
 */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequest> {

    private final GroupCoordinator coordinator;
    private final TopicRegistry topics;

    public OffsetCommitHandler(GroupCoordinator coordinator, TopicRegistry topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<OffsetCommitRequest> request) {
        OffsetCommitRequestData data = request.body().data().duplicate();
        List<OffsetCommitResponseTopic> unknown = new ArrayList<>();
        if (OffsetCommitResponse.useTopicIds(request.apiVersion())) {
            List<OffsetCommitRequestTopic> known = new ArrayList<>();
            for (OffsetCommitRequestTopic topic : data.topics()) {
                Optional<TopicRecord> found = topics.get(topic.topicId());
                if (found.isPresent()) {
                    known.add(topic.setName(found.get().name()));
                } else {
                    unknown.add(failed(topic, Errors.UNKNOWN_TOPIC_ID));
                }
            }
            data.setTopics(known);
        }
        return coordinator.request(data.groupId(), error -> failedAll(data, error),
                        (shard, id, now) -> shard.onCommit(id, data, now))
                .thenApply(response -> {
                    response.topics().addAll(unknown);
                    return new OffsetCommitResponse(response);
                });
    }

    private static OffsetCommitResponseData failedAll(OffsetCommitRequestData data, Errors error) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        data.topics().forEach(topic -> response.topics().add(failed(topic, error)));
        return response;
    }

    private static OffsetCommitResponseTopic failed(OffsetCommitRequestTopic topic, Errors error) {
        OffsetCommitResponseTopic answer = new OffsetCommitResponseTopic().setName(topic.name())
                .setTopicId(topic.topicId());
        topic.partitions().forEach(p -> answer.partitions().add(new OffsetCommitResponsePartition()
                .setPartitionIndex(p.partitionIndex()).setErrorCode(error.code())));
        return answer;
    }
}
