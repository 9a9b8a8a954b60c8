package dev.katka.protocol;

import dev.katka.cluster.BrokerEndpoint;
import dev.katka.cluster.ClusterView;
import dev.katka.network.ReceivedRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;

/**
 * DescribeCluster: the cluster id, the controller and every live broker (what
 * {@code Admin.describeCluster()} shows).
 */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequest> {

    /** DescribeCluster's endpoint types (version 1 on). */
    private static final byte BROKERS = 1;

    private final ClusterView cluster;

    public DescribeClusterHandler(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<DescribeClusterRequest> request) {
        DescribeClusterResponseData data = new DescribeClusterResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setEndpointType(BROKERS)
                .setClusterAuthorizedOperations(Integer.MIN_VALUE);
        if (request.body().data().endpointType() != BROKERS) {
            data.setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Katka brokers describe brokers; there are no separate controller endpoints.");
        } else {
            for (BrokerEndpoint broker : cluster.aliveBrokers()) {
                data.brokers().add(new DescribeClusterBroker()
                        .setBrokerId(broker.id())
                        .setHost(broker.host())
                        .setPort(broker.port())
                        .setRack(broker.rack()));
            }
        }
        return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
    }
}
