package dev.katka.protocol;

import dev.katka.cluster.BrokerEndpoint;
import dev.katka.cluster.ClusterView;
import dev.katka.group.OffsetsTopic;
import dev.katka.metadata.PartitionState;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;

/**
 * FindCoordinator: the broker that coordinates a consumer group, which is the leader of the
 * group's partition of {@code __consumer_offsets}. The first request creates that topic (through
 * the controller); until it exists and the partition has a leader, the answer is
 * COORDINATOR_NOT_AVAILABLE and the client asks again. Versions 4 and later ask for several groups
 * at once.
 *
 * <p>Only groups have a coordinator here: Katka has no transactions (and no share groups), so
 * other key types are refused with INVALID_REQUEST.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequest> {

    private static final byte GROUP_KEY_TYPE = FindCoordinatorRequest.CoordinatorType.GROUP.id();

    private final OffsetsTopic offsetsTopic;
    private final Function<TopicPartition, Optional<PartitionState>> partitionStates;
    private final ClusterView cluster;

    /**
     * @param partitionStates the state of any partition in this broker's metadata image
     */
    public FindCoordinatorHandler(OffsetsTopic offsetsTopic,
                                  Function<TopicPartition, Optional<PartitionState>> partitionStates,
                                  ClusterView cluster) {
        this.offsetsTopic = offsetsTopic;
        this.partitionStates = partitionStates;
        this.cluster = cluster;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<FindCoordinatorRequest> request) {
        var data = request.body().data();
        if (request.apiVersion() < FindCoordinatorRequest.MIN_BATCHED_VERSION) {
            Coordinator found = find(data.keyType(), data.key());
            return CompletableFuture.completedFuture(new FindCoordinatorResponse(new FindCoordinatorResponseData()
                    .setErrorCode(found.errorCode())
                    .setErrorMessage(found.errorMessage())
                    .setNodeId(found.nodeId())
                    .setHost(found.host())
                    .setPort(found.port())));
        }
        List<Coordinator> coordinators = new ArrayList<>();
        for (String key : data.coordinatorKeys()) {
            coordinators.add(find(data.keyType(), key));
        }
        return CompletableFuture.completedFuture(new FindCoordinatorResponse(new FindCoordinatorResponseData()
                .setCoordinators(coordinators)));
    }

    private Coordinator find(byte keyType, String groupId) {
        if (keyType != GROUP_KEY_TYPE) {
            return error(groupId, Errors.INVALID_REQUEST, "Katka coordinates consumer groups only (key type "
                    + GROUP_KEY_TYPE + "); key type " + keyType + " of '" + groupId + "' is not served.");
        }
        if (groupId == null || groupId.isEmpty()) {
            return error(groupId, Errors.INVALID_REQUEST, "A group id must not be empty.");
        }
        Optional<TopicRecord> topic = offsetsTopic.topic();
        if (topic.isEmpty()) {
            offsetsTopic.createIfMissing();
            return error(groupId, Errors.COORDINATOR_NOT_AVAILABLE, OffsetsTopic.NAME + " is being created.");
        }
        int partition = offsetsTopic.partitionFor(groupId);
        Optional<BrokerEndpoint> leader = partitionStates.apply(new TopicPartition(OffsetsTopic.NAME, partition))
                .filter(PartitionState::hasLeader)
                .flatMap(state -> cluster.broker(state.leader()));
        if (leader.isEmpty()) {
            return error(groupId, Errors.COORDINATOR_NOT_AVAILABLE, "Partition " + partition + " of "
                    + OffsetsTopic.NAME + ", which holds group '" + groupId + "', has no leader now.");
        }
        BrokerEndpoint node = leader.get();
        return new Coordinator().setKey(groupId).setNodeId(node.id()).setHost(node.host()).setPort(node.port())
                .setErrorCode(Errors.NONE.code());
    }

    private static Coordinator error(String key, Errors error, String message) {
        return new Coordinator().setKey(key).setErrorCode(error.code()).setErrorMessage(message)
                .setNodeId(Node.noNode().id()).setHost("").setPort(-1);
    }
}
