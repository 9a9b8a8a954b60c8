package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.network.ReceivedRequest;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;

/**
 * JoinGroup: a member joins its group's rebalance; answered when the rebalance completes (see
 * {@link dev.katka.group.GroupShard#onJoin}).
 */
public final class JoinGroupHandler implements ApiHandler<JoinGroupRequest> {

    private final GroupCoordinator coordinator;

    public JoinGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<JoinGroupRequest> request) {
        short version = request.apiVersion();
        var data = request.body().data();
        if (data.groupInstanceId() != null) {
            try {
                JoinGroupRequest.validateGroupInstanceId(data.groupInstanceId());
            } catch (InvalidConfigurationException e) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                        response(error(data.memberId(), Errors.INVALID_REQUEST), version));
            }
        }
        String clientId = request.header().clientId() == null ? "" : request.header().clientId();
        String clientHost = request.context().clientAddress.toString();
        return coordinator.request(data.groupId(), error -> error(data.memberId(), error),
                        (shard, id, now) -> shard.onJoin(id, version, data, clientId, clientHost, now))
                .thenApply(response -> response(response, version));
    }

    private static JoinGroupResponseData error(String memberId, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setGenerationId(-1)
                .setMemberId(memberId).setLeader("").setProtocolName(null);
    }

    private static AbstractResponse response(JoinGroupResponseData data, short version) {
        if (version < 7) {
            // Before version 7 the protocol name is not nullable and there is no protocol type.
            data.setProtocolType(null);
            if (data.protocolName() == null) {
                data.setProtocolName("");
            }
        }
        return new JoinGroupResponse(data, version);
    }
}
