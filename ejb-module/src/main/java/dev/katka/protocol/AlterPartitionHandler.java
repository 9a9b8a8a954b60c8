package dev.katka.protocol;

import dev.katka.controller.ControllerAction.Reply;
import dev.katka.controller.ControllerChannel;
import dev.katka.controller.ControllerEvent;
import dev.katka.metadata.PartitionState;
import dev.katka.network.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AlterPartitionRequestData;
import org.apache.kafka.common.message.AlterPartitionResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterPartitionRequest;
import org.apache.kafka.common.requests.AlterPartitionResponse;

/**
 * AlterPartition, on the controller: a partition leader asks to shrink or grow its ISR. Each
 * partition is one request to the controller, which accepts it only from the current leader in
 * the current leader and partition epochs and answers with the partition state that now stands.
 *
 * <p>A broker that is not the controller answers NOT_CONTROLLER for the whole request.
 */
public final class AlterPartitionHandler implements ApiHandler<AlterPartitionRequest> {

    private final ControllerChannel controller;

    public AlterPartitionHandler(ControllerChannel controller) {
        this.controller = controller;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<AlterPartitionRequest> request) {
        AlterPartitionRequestData data = request.body().data();
        List<CompletableFuture<AlterPartitionResponseData.TopicData>> topics = new ArrayList<>();
        for (AlterPartitionRequestData.TopicData topic : data.topics()) {
            List<CompletableFuture<AlterPartitionResponseData.PartitionData>> partitions = new ArrayList<>();
            for (AlterPartitionRequestData.PartitionData partition : topic.partitions()) {
                partitions.add(alter(data.brokerId(), topic, partition));
            }
            topics.add(CompletableFuture.allOf(partitions.toArray(CompletableFuture[]::new)).thenApply(done ->
                    new AlterPartitionResponseData.TopicData().setTopicId(topic.topicId())
                            .setPartitions(partitions.stream().map(CompletableFuture::join).toList())));
        }
        return CompletableFuture.allOf(topics.toArray(CompletableFuture[]::new)).thenApply(done -> {
            AlterPartitionResponseData response = new AlterPartitionResponseData()
                    .setTopics(topics.stream().map(CompletableFuture::join).toList());
            boolean notController = response.topics().stream().flatMap(t -> t.partitions().stream())
                    .anyMatch(p -> p.errorCode() == Errors.NOT_CONTROLLER.code());
            if (notController) {
                response = new AlterPartitionResponseData().setErrorCode(Errors.NOT_CONTROLLER.code());
            }
            return new AlterPartitionResponse(response);
        });
    }

    private CompletableFuture<AlterPartitionResponseData.PartitionData> alter(int leader,
            AlterPartitionRequestData.TopicData topic, AlterPartitionRequestData.PartitionData partition) {
        List<Integer> newIsr = partition.newIsrWithEpochs().isEmpty()
                ? partition.newIsr()
                : partition.newIsrWithEpochs().stream().map(AlterPartitionRequestData.BrokerState::brokerId).toList();
        AlterPartitionResponseData.PartitionData answer = new AlterPartitionResponseData.PartitionData()
                .setPartitionIndex(partition.partitionIndex());
        return controller.submit(id -> new ControllerEvent.AlterPartition(id, leader, topic.topicId(),
                        partition.partitionIndex(), partition.leaderEpoch(), partition.partitionEpoch(), newIsr))
                .toCompletableFuture()
                .handle((reply, failure) -> failure != null
                        ? answer.setErrorCode(ApiErrors.of(failure, "changing an ISR").error().code())
                        : fill(answer, reply));
    }

    private static AlterPartitionResponseData.PartitionData fill(AlterPartitionResponseData.PartitionData answer,
                                                                 Reply reply) {
        if (reply.error() != Errors.NONE) {
            return answer.setErrorCode(reply.error().code());
        }
        PartitionState state = (PartitionState) reply.value();
        return answer.setLeaderId(state.leader()).setLeaderEpoch(state.leaderEpoch()).setIsr(state.isr())
                .setPartitionEpoch(state.partitionEpoch());
    }
}
