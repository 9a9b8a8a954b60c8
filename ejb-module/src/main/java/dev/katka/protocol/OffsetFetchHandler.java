package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch: the committed offsets of one group (before version 8) or of several (each answered
 * by its own shard, with its own error). From version 10 topics come by id; an unknown id gets
 * UNKNOWN_TOPIC_ID. Every committed offset is stable (Katka has no transactions), so
 * {@code require_stable} needs no waiting.
 */
public final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequest> {

    private final GroupCoordinator coordinator;
    private final TopicRegistry topics;

    public OffsetFetchHandler(GroupCoordinator coordinator, TopicRegistry topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<OffsetFetchRequest> request) {
        short version = request.apiVersion();
        boolean byId = OffsetFetchRequest.useTopicIds(version);
        List<CompletableFuture<OffsetFetchResponseGroup>> answers = new ArrayList<>();
        for (OffsetFetchRequestGroup group : request.body().groups()) {
            answers.add(fetch(group, byId, version));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<OffsetFetchResponseGroup> groups = new ArrayList<>();
            answers.forEach(answer -> groups.add(answer.join()));
            // The builder puts a single group at the top level for versions before 8.
            return new OffsetFetchResponse.Builder(groups).build(version);
        });
    }

    private CompletableFuture<OffsetFetchResponseGroup> fetch(OffsetFetchRequestGroup group, boolean byId,
                                                              short version) {
        List<OffsetFetchRequestTopics> requested = group.topics();
        List<OffsetFetchResponseTopics> unknown = new ArrayList<>();
        if (byId && requested != null) {
            List<OffsetFetchRequestTopics> known = new ArrayList<>();
            for (OffsetFetchRequestTopics topic : requested) {
                Optional<TopicRecord> found = topics.get(topic.topicId());
                if (found.isPresent()) {
                    known.add(topic.duplicate().setName(found.get().name()));
                } else {
                    unknown.add(unknownTopic(topic));
                }
            }
            requested = known;
        }
        List<OffsetFetchRequestTopics> asked = requested;
        return coordinator.query(group.groupId(), error -> OffsetFetchResponse.groupError(group, error, version),
                        shard -> shard.fetchOffsets(group.groupId(), asked))
                .thenApply(answer -> {
                    if (byId) {
                        answer.topics().forEach(topic -> topic.setTopicId(
                                topics.get(topic.name()).map(TopicRecord::id).orElse(Uuid.ZERO_UUID)));
                    }
                    answer.topics().addAll(unknown);
                    return answer;
                });
    }

    private static OffsetFetchResponseTopics unknownTopic(OffsetFetchRequestTopics topic) {
        OffsetFetchResponseTopics answer = new OffsetFetchResponseTopics().setTopicId(topic.topicId());
        topic.partitionIndexes().forEach(p -> answer.partitions().add(new OffsetFetchResponsePartitions()
                .setPartitionIndex(p).setCommittedOffset(-1).setMetadata("")
                .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
        return answer;
    }
}
