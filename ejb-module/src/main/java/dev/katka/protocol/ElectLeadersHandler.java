package dev.katka.protocol;

import dev.katka.controller.ControllerChannel;
import dev.katka.controller.ControllerEvent;
import dev.katka.network.ReceivedRequest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;

/**
 * ElectLeaders, on the controller: PREFERRED (version 0's only kind) or UNCLEAN elections for the
 * named partitions, or for every partition when none are named; one controller request, so the
 * new leaders are decided together. Each partition gets its outcome: NONE, ELECTION_NOT_NEEDED,
 * PREFERRED_LEADER_NOT_AVAILABLE, ELIGIBLE_LEADERS_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION,
 * each with a message naming the partition. An unknown election type fails the whole request
 * with INVALID_REQUEST.
 *
 * <p>Thread-safe; does not block.
 */
public final class ElectLeadersHandler implements ApiHandler<ElectLeadersRequest> {

    private final ControllerChannel controller;

    public ElectLeadersHandler(ControllerChannel controller) {
        this.controller = controller;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<ElectLeadersRequest> request) {
        ElectLeadersRequestData data = request.body().data();
        ElectionType type;
        try {
            type = ElectionType.valueOf(data.electionType());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(request.body().getErrorResponse(0,
                    new ApiError(Errors.INVALID_REQUEST, "Unknown election type " + data.electionType() + ".")
                            .exception()));
        }
        Map<String, Set<Integer>> partitions = null;
        if (data.topicPartitions() != null) {
            partitions = new LinkedHashMap<>();
            for (ElectLeadersRequestData.TopicPartitions topic : data.topicPartitions()) {
                partitions.computeIfAbsent(topic.topic(), t -> new LinkedHashSet<>()).addAll(topic.partitions());
            }
        }
        Map<String, Set<Integer>> named = partitions;
        return controller.submit(id -> new ControllerEvent.ElectLeaders(id, type, named))
                .handle((reply, failure) -> {
                    if (failure != null || reply.error() != Errors.NONE) {
                        ApiError error = failure != null ? ApiErrors.of(failure, "electing leaders")
                                : new ApiError(reply.error(), reply.message());
                        return request.body().getErrorResponse(0, error.exception());
                    }
                    @SuppressWarnings("unchecked")
                    Map<TopicPartition, ApiError> results = (Map<TopicPartition, ApiError>) reply.value();
                    return response(results);
                });
    }

    private static AbstractResponse response(Map<TopicPartition, ApiError> results) {
        Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
        results.forEach((tp, error) -> byTopic.computeIfAbsent(tp.topic(), t -> new ReplicaElectionResult().setTopic(t))
                .partitionResult().add(new PartitionResult().setPartitionId(tp.partition())
                        .setErrorCode(error.error().code())
                        .setErrorMessage(error.error() == Errors.NONE ? null : error.message())));
        return new ElectLeadersResponse(new ElectLeadersResponseData()
                .setReplicaElectionResults(List.copyOf(byTopic.values())));
    }
}
