package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.network.ReceivedRequest;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;

/**
 * LeaveGroup: members leave at once instead of waiting out their session. Versions before 3 name
 * one member and get its error at the top level; later ones name several (static members by
 * {@code group.instance.id}).
 */
public final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequest> {

    private final GroupCoordinator coordinator;

    public LeaveGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<LeaveGroupRequest> request) {
        short version = request.apiVersion();
        String groupId = request.body().data().groupId();
        List<MemberIdentity> members = request.body().members();
        return coordinator.<Object>request(groupId, error -> error,
                        (shard, id, now) -> shard.onLeave(id, groupId, members, now))
                .thenApply(answer -> {
                    if (answer instanceof Errors error) {
                        return new LeaveGroupResponse(List.of(), error, 0, version);
                    }
                    @SuppressWarnings("unchecked")
                    List<MemberResponse> responses = (List<MemberResponse>) answer;
                    return new LeaveGroupResponse(responses, Errors.NONE, 0, version);
                });
    }
}
