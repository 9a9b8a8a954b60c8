package dev.katka.protocol;

import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.PartitionState;
import dev.katka.metadata.TopicImage;
import dev.katka.network.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.ListPartitionReassignmentsResponse;

/**
 * ListPartitionReassignments: the partitions being reassigned, with their replicas and the ones
 * arriving and leaving, from the metadata image (on the controller, where Kafka answers it too:
 * it has the newest). A partition that is not being reassigned is not listed. A named topic or
 * partition that does not exist fails the request with UNKNOWN_TOPIC_OR_PARTITION naming it (the
 * API has no per-partition error; Kafka leaves such partitions out silently).
 *
 * <p>Thread-safe; answers from memory.
 */
public final class ListPartitionReassignmentsHandler implements ApiHandler<ListPartitionReassignmentsRequest> {

    private final Supplier<MetadataImage> image;

    public ListPartitionReassignmentsHandler(Supplier<MetadataImage> image) {
        this.image = image;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<ListPartitionReassignmentsRequest> request) {
        MetadataImage current = image.get();
        ListPartitionReassignmentsResponseData response = new ListPartitionReassignmentsResponseData();
        List<ListPartitionReassignmentsTopics> wanted = request.body().data().topics();
        if (wanted == null) {
            for (TopicImage topic : current.topics().values()) {
                List<Integer> all = new ArrayList<>();
                for (int p = 0; p < topic.partitions().size(); p++) {
                    all.add(p);
                }
                add(response, topic, all);
            }
        } else {
            for (ListPartitionReassignmentsTopics topic : wanted) {
                Optional<TopicImage> known = current.topic(topic.name());
                if (known.isEmpty()) {
                    return failed("Topic '" + topic.name() + "' does not exist.");
                }
                for (int p : topic.partitionIndexes()) {
                    if (p < 0 || p >= known.get().partitions().size()) {
                        return failed("Topic '" + topic.name() + "' has no partition " + p + ".");
                    }
                }
                add(response, known.get(), topic.partitionIndexes());
            }
        }
        return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponse(response));
    }

    private static void add(ListPartitionReassignmentsResponseData response, TopicImage topic, List<Integer> partitions) {
        OngoingTopicReassignment ongoing = new OngoingTopicReassignment().setName(topic.name());
        for (int p : partitions) {
            PartitionState state = topic.partition(p);
            if (!state.addingReplicas().isEmpty() || !state.removingReplicas().isEmpty()) {
                ongoing.partitions().add(new OngoingPartitionReassignment().setPartitionIndex(p)
                        .setReplicas(state.replicas()).setAddingReplicas(state.addingReplicas())
                        .setRemovingReplicas(state.removingReplicas()));
            }
        }
        if (!ongoing.partitions().isEmpty()) {
            response.topics().add(ongoing);
        }
    }

    private static CompletionStage<AbstractResponse> failed(String message) {
        return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponse(
                new ListPartitionReassignmentsResponseData().setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage(message)));
    }
}
