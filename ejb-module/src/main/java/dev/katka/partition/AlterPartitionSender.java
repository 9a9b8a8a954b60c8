package dev.katka.partition;

import dev.katka.cluster.InterBrokerClient;
import dev.katka.metadata.PartitionState;
import dev.katka.replication.ReplicationAction;
import dev.katka.replication.ReplicationAction.RequestIsrChange;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.AlterPartitionRequestData;
import org.apache.kafka.common.message.AlterPartitionResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterPartitionRequest;
import org.apache.kafka.common.requests.AlterPartitionResponse;

/**
 * The leader side of ISR changes: sends a replica's {@link RequestIsrChange} to the controller as
 * an AlterPartition request and gives the answer back to the replica. A lost request is answered
 * with NETWORK_EXCEPTION, after which the replica may ask again.
 *
 * <p>Thread-safe.
 */
public final class AlterPartitionSender implements ReplicaRequests {

    private static final Logger LOG = Logger.getLogger(AlterPartitionSender.class.getName());

    private final int localBrokerId;
    private final long brokerEpoch;
    private final InterBrokerClient client;
    private final Supplier<Optional<Node>> controller;

    /**
     * @param brokerEpoch this life of the broker (its registration's incarnation)
     * @param controller  where the controller listens now, if there is one
     */
    public AlterPartitionSender(int localBrokerId, long brokerEpoch, InterBrokerClient client,
                                Supplier<Optional<Node>> controller) {
        this.localBrokerId = localBrokerId;
        this.brokerEpoch = brokerEpoch;
        this.client = client;
        this.controller = controller;
    }

    @Override
    public void send(Partition partition, ReplicationAction action) {
        if (!(action instanceof RequestIsrChange change)) {
            LOG.warning(() -> "Ignored " + action + " of " + partition + ": not an ISR change");
            return;
        }
        Optional<Node> target = controller.get();
        if (target.isEmpty()) {
            partition.onIsrChangeAnswer(change, Errors.NOT_CONTROLLER, null);
            return;
        }
        client.<AlterPartitionResponse>send(target.get(), new AlterPartitionRequest.Builder(request(partition, change)))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        partition.onIsrChangeAnswer(change, Errors.NETWORK_EXCEPTION, null);
                    } else {
                        answer(partition, change, response.data());
                    }
                });
    }

    private AlterPartitionRequestData request(Partition partition, RequestIsrChange change) {
        List<AlterPartitionRequestData.BrokerState> isr = change.newIsr().stream()
                .map(id -> new AlterPartitionRequestData.BrokerState().setBrokerId(id).setBrokerEpoch(-1))
                .toList();
        return new AlterPartitionRequestData()
                .setBrokerId(localBrokerId)
                .setBrokerEpoch(brokerEpoch)
                .setTopics(List.of(new AlterPartitionRequestData.TopicData()
                        .setTopicId(partition.id().topicId())
                        .setPartitions(List.of(new AlterPartitionRequestData.PartitionData()
                                .setPartitionIndex(partition.id().partition())
                                .setLeaderEpoch(change.leaderEpoch())
                                .setPartitionEpoch(change.partitionEpoch())
                                .setNewIsrWithEpochs(isr)))));
    }

    private static void answer(Partition partition, RequestIsrChange change, AlterPartitionResponseData response) {
        if (response.errorCode() != Errors.NONE.code()) {
            partition.onIsrChangeAnswer(change, Errors.forCode(response.errorCode()), null);
            return;
        }
        Optional<AlterPartitionResponseData.PartitionData> answer = response.topics().stream()
                .flatMap(t -> t.partitions().stream())
                .filter(p -> p.partitionIndex() == partition.id().partition())
                .findFirst();
        if (answer.isEmpty()) {
            partition.onIsrChangeAnswer(change, Errors.UNKNOWN_SERVER_ERROR, null);
            return;
        }
        AlterPartitionResponseData.PartitionData data = answer.get();
        Errors error = Errors.forCode(data.errorCode());
        PartitionState committed = null;
        PartitionState known = partition.state();
        if (error == Errors.NONE && known != null) {
            committed = new PartitionState(known.replicas(), data.isr(), data.leaderId(), data.leaderEpoch(),
                    data.partitionEpoch(), known.addingReplicas(), known.removingReplicas());
        }
        partition.onIsrChangeAnswer(change, error, committed);
    }
}
