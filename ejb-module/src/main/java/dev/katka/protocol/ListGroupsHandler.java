package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.network.ReceivedRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;

/**
 * ListGroups: the groups this broker coordinates (clients ask every broker), optionally only
 * those in some states (version 4) or of some types (version 5: every Katka group is "classic").
 */
public final class ListGroupsHandler implements ApiHandler<ListGroupsRequest> {

    private static final String CLASSIC = "classic";

    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<ListGroupsRequest> request) {
        var data = request.body().data();
        boolean classicWanted = data.typesFilter().isEmpty()
                || data.typesFilter().stream().anyMatch(CLASSIC::equalsIgnoreCase);
        if (!classicWanted) {
            return CompletableFuture.completedFuture(new ListGroupsResponse(new ListGroupsResponseData()));
        }
        Set<String> states = Set.copyOf(data.statesFilter());
        return coordinator.queryAll(shard -> shard.list(states)).handle((groups, failure) -> {
            ListGroupsResponseData response = new ListGroupsResponseData();
            if (failure != null || groups == null) {
                var error = ApiErrors.of(failure == null ? new IllegalStateException("no answer") : failure,
                        "listing groups");
                return new ListGroupsResponse(response.setErrorCode(error.error().code()));
            }
            List<ListedGroup> listed = groups;
            return new ListGroupsResponse(response.setGroups(listed));
        });
    }
}
