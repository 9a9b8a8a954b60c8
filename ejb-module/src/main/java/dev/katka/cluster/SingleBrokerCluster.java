package dev.katka.cluster;

import java.util.List;

/**
 * The cluster of a broker that runs alone: it is the only member and its own controller.
 *
 * <p>Immutable and thread-safe.
 */
public final class SingleBrokerCluster implements ClusterView {

    private final String clusterId;
    private final BrokerEndpoint self;

    public SingleBrokerCluster(String clusterId, BrokerEndpoint self) {
        this.clusterId = clusterId;
        this.self = self;
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public int localBrokerId() {
        return self.id();
    }

    @Override
    public List<BrokerEndpoint> aliveBrokers() {
        return List.of(self);
    }

    @Override
    public int controllerId() {
        return self.id();
    }
}
