package dev.katka.broker;

import dev.katka.metadata.BrokerMetadata;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import java.util.logging.Logger;

/**
 * Tells the operator when a broker joins or leaves the cluster, as this broker learns it from the
 * metadata: one line per broker registered or unregistered by the controller.
 *
 * <p>Called by {@link BrokerMetadata} for each applied image, one at a time; keeps no state.
 */
final class MembershipLog implements BrokerMetadata.Listener {

    private static final Logger LOG = Logger.getLogger(MembershipLog.class.getName());

    private final int localBrokerId;

    MembershipLog(int localBrokerId) {
        this.localBrokerId = localBrokerId;
    }

    @Override
    public void imageChanged(MetadataImage before, MetadataImage after) {
        for (BrokerRegistration joined : after.aliveRegistrations()) {
            if (before.aliveBroker(joined.id()).isEmpty()) {
                LOG.info(() -> "Broker " + joined.id() + " joined the cluster at " + joined.host() + ":" + joined.port()
                        + (joined.id() == localBrokerId ? " (this broker)" : ""));
            }
        }
        for (BrokerRegistration left : before.aliveRegistrations()) {
            if (after.aliveBroker(left.id()).isEmpty()) {
                LOG.info(() -> "Broker " + left.id() + " left the cluster"
                        + (left.id() == localBrokerId ? " (this broker)" : ""));
            }
        }
    }
}
