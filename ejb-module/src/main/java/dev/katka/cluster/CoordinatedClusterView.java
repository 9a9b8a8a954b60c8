package dev.katka.cluster;

import dev.katka.metadata.BrokerRegistration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The {@link ClusterView} of a broker in a cluster: what its {@link ClusterCoordination} knows,
 * as Metadata requests need it (the multi-broker counterpart of {@link SingleBrokerCluster}).
 *
 * <p>Thread-safe: answers from the coordination's memory.
 */
public final class CoordinatedClusterView implements ClusterView {

    private final String clusterId;
    private final int localBrokerId;
    private final ClusterCoordination coordination;

    public CoordinatedClusterView(String clusterId, int localBrokerId, ClusterCoordination coordination) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
        this.localBrokerId = localBrokerId;
        this.coordination = Objects.requireNonNull(coordination, "coordination");
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public int localBrokerId() {
        return localBrokerId;
    }

    @Override
    public List<BrokerEndpoint> aliveBrokers() {
        return coordination.liveBrokers().stream()
                .sorted(Comparator.comparingInt(BrokerRegistration::id))
                .map(b -> new BrokerEndpoint(b.id(), b.host(), b.port(), b.rack()))
                .toList();
    }

    @Override
    public int controllerId() {
        return coordination.controllerId();
    }
}
