package dev.katka.cluster;

import dev.katka.controller.ControllerDriver;
import dev.katka.metadata.BrokerMetadata;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import java.util.List;

/**
 * A broker's part in the cluster: passes the coordination's events on, membership and the
 * controller role to the controller driver, metadata log entries to the broker's metadata.
 *
 * <p>Called by the coordination's delivery thread only, so the broker sees one order of events.
 */
public final class ClusterMember implements ClusterCoordination.Listener {

    private final ClusterCoordination coordination;
    private final BrokerMetadata metadata;
    private final ControllerDriver controller;

    public ClusterMember(ClusterCoordination coordination, BrokerMetadata metadata, ControllerDriver controller) {
        this.coordination = coordination;
        this.metadata = metadata;
        this.controller = controller;
    }

    @Override
    public void brokerStarted(BrokerRegistration broker) {
        controller.brokerStarted(broker);
    }

    @Override
    public void brokerFailed(int brokerId) {
        controller.brokerFailed(brokerId);
    }

    @Override
    public void becameController(int controllerEpoch, MetadataImage latest) {
        controller.becameController(controllerEpoch, latest, coordination.liveBrokers());
    }

    @Override
    public void lostController(int controllerEpoch) {
        controller.lostController(controllerEpoch);
    }

    @Override
    public void metadata(List<MetadataLogEntry> entries) {
        metadata.apply(entries);
    }

    @Override
    public void snapshot(MetadataImage image) {
        metadata.replace(image);
    }
}
