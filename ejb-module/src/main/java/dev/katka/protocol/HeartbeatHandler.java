package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.network.ReceivedRequest;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;

/** Heartbeat: a member is alive; the answer tells it when to rejoin (REBALANCE_IN_PROGRESS). */
public final class HeartbeatHandler implements ApiHandler<HeartbeatRequest> {

    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<HeartbeatRequest> request) {
        var data = request.body().data();
        return coordinator.request(data.groupId(), error -> new HeartbeatResponseData().setErrorCode(error.code()),
                        (shard, id, now) -> shard.onHeartbeat(id, data, now))
                .thenApply(HeartbeatResponse::new);
    }
}
