package dev.katka.cluster;

import java.util.List;
import java.util.Optional;

/**
 * What this broker knows of its cluster: its id, the brokers that are alive, the controller.
 *
 * <p>Implementations are thread-safe and answer from memory (they are read on every Metadata
 * request).
 */
public interface ClusterView {

    String clusterId();

    /** This broker's id. */
    int localBrokerId();

    /** The brokers that are alive now, this one included, ordered by id. */
    List<BrokerEndpoint> aliveBrokers();

    /** The broker acting as controller, or -1 when there is none at the moment. */
    int controllerId();

    default Optional<BrokerEndpoint> broker(int id) {
        return aliveBrokers().stream().filter(b -> b.id() == id).findFirst();
    }
}
