package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.network.ReceivedRequest;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/**
 * SyncGroup: a member asks for its assignment; the leader brings every member's. Answered once
 * the leader's assignment is written (see {@link dev.katka.group.GroupShard#onSync}).
 */
public final class SyncGroupHandler implements ApiHandler<SyncGroupRequest> {

    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<SyncGroupRequest> request) {
        short version = request.apiVersion();
        var data = request.body().data();
        return coordinator.request(data.groupId(), error -> new SyncGroupResponseData().setErrorCode(error.code()),
                        (shard, id, now) -> shard.onSync(id, data, now))
                .thenApply(response -> {
                    if (version < 5) {
                        response.setProtocolType(null).setProtocolName(null);
                    }
                    return new SyncGroupResponse(response);
                });
    }
}
