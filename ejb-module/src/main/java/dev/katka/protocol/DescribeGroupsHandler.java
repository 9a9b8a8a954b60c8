package dev.katka.protocol;

import dev.katka.group.GroupCoordinator;
import dev.katka.network.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;

/**
 * DescribeGroups: each group's state, protocol and members. A group this coordinator does not
 * know is Dead; from version 6 it is also GROUP_ID_NOT_FOUND, as Kafka answers.
 */
public final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequest> {

    /** The first version that reports an unknown group as an error (KIP-1043). */
    private static final short GROUP_NOT_FOUND_MIN_VERSION = 6;
    /** The first version with group.instance.id. */
    private static final short STATIC_MEMBERS_MIN_VERSION = 4;

    private final GroupCoordinator coordinator;

    public DescribeGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<DescribeGroupsRequest> request) {
        short version = request.apiVersion();
        List<CompletableFuture<DescribedGroup>> answers = new ArrayList<>();
        for (String groupId : request.body().data().groups()) {
            answers.add(coordinator.query(groupId, error -> DescribeGroupsResponse.groupError(groupId, error),
                            shard -> shard.describe(groupId))
                    .thenApply(described -> described != null ? described : unknown(groupId, version)));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            DescribeGroupsResponseData data = new DescribeGroupsResponseData();
            for (CompletableFuture<DescribedGroup> answer : answers) {
                DescribedGroup group = answer.join();
                if (version < STATIC_MEMBERS_MIN_VERSION) {
                    group.members().forEach(member -> member.setGroupInstanceId(null));
                }
                data.groups().add(group);
            }
            return new DescribeGroupsResponse(data);
        });
    }

    private static DescribedGroup unknown(String groupId, short version) {
        DescribedGroup dead = new DescribedGroup().setGroupId(groupId).setGroupState("Dead")
                .setProtocolType("").setProtocolData("");
        if (version >= GROUP_NOT_FOUND_MIN_VERSION) {
            dead.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage("Group '" + groupId + "' not found.");
        }
        return dead;
    }
}
