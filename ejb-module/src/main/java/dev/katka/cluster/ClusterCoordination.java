package dev.katka.cluster;

import dev.katka.controller.ControllerDriver;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import java.util.List;
import java.util.Set;

/**
 * What the brokers of a cluster share: membership with failure detection, one controller at a
 * time with a growing epoch, and the metadata log that the controller writes and every broker
 * reads in order.
 */
public interface ClusterCoordination extends ControllerDriver.MetadataLog, AutoCloseable {

    /**
     * Announces this broker and starts delivering events to the listener, one at a time, in order,
     * from one thread; first the log entries after {@code appliedVersion}.
     */
    void join(BrokerRegistration self, long appliedVersion, Listener listener);

    /**
     * As controller of the given epoch: appends records (each gets the next version); false when
     * that epoch is no longer current (deposed) or the log cannot be written.
     */
    @Override
    boolean append(int controllerEpoch, List<MetadataRecord> records);

    /** The live brokers now (registrations of members that run a broker). */
    Set<BrokerRegistration> liveBrokers();

    /** The current controller's broker id, or -1. */
    int controllerId();

    /** Gives up the controller role of that epoch (after a failed append), so another election happens. */
    @Override
    void resign(int controllerEpoch);

    @Override
    void close();

    /** Receives the cluster's events; every call comes from the same thread, in order. */
    interface Listener {

        void brokerStarted(BrokerRegistration broker);

        void brokerFailed(int brokerId);

        /** This broker is the controller from now on, acting from {@code latest}. */
        void becameController(int controllerEpoch, MetadataImage latest);

        /** This broker is no longer the controller of that epoch: stop acting at once. */
        void lostController(int controllerEpoch);

        /** Log entries with contiguous versions, in order, each delivered once. */
        void metadata(List<MetadataLogEntry> entries);
    }
}
