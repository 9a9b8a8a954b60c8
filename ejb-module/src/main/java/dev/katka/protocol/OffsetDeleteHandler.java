package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.network.ReceivedRequest;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;

/**
 * OffsetDelete: removes a group's committed offsets of some partitions, except for topics its
 * members are subscribed to (GROUP_SUBSCRIBED_TO_TOPIC).
 */
public final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequest> {

    private final GroupCoordinator coordinator;

    public OffsetDeleteHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<OffsetDeleteRequest> request) {
        var data = request.body().data();
        return coordinator.request(data.groupId(), error -> new OffsetDeleteResponseData().setErrorCode(error.code()),
                        (shard, id, now) -> shard.onOffsetDelete(id, data, now))
                .thenApply(OffsetDeleteResponse::new);
    }
}
