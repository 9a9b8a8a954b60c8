package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.network.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;

/**
 * DeleteGroups: empty groups are deleted with their offsets (tombstones in
 * {@code __consumer_offsets}); a group with members gets NON_EMPTY_GROUP, an unknown one
 * GROUP_ID_NOT_FOUND.
 */
public final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequest> {

    private final GroupCoordinator coordinator;

    public DeleteGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<DeleteGroupsRequest> request) {
        List<CompletableFuture<DeletableGroupResult>> answers = new ArrayList<>();
        for (String groupId : request.body().data().groupsNames()) {
            answers.add(coordinator.request(groupId,
                    error -> new DeletableGroupResult().setGroupId(groupId).setErrorCode(error.code()),
                    (shard, id, now) -> shard.onDelete(id, groupId, now)));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            DeletableGroupResultCollection results = new DeletableGroupResultCollection();
            answers.forEach(answer -> results.add(answer.join()));
            return new DeleteGroupsResponse(new DeleteGroupsResponseData().setResults(results));
        });
    }
}
