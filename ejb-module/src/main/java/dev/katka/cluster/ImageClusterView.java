package dev.katka.cluster;

import dev.katka.metadata.MetadataImage;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The cluster as this broker's metadata image has it: the registered brokers that are not
 * fenced, and the controller as the coordination knows it now.
 *
 * <p>Thread-safe: reads the latest published image.
 */
public final class ImageClusterView implements ClusterView {

    private final String clusterId;
    private final int localBrokerId;
    private final Supplier<MetadataImage> image;
    private final IntSupplier controllerId;

    public ImageClusterView(String clusterId, int localBrokerId, Supplier<MetadataImage> image,
                            IntSupplier controllerId) {
        this.clusterId = clusterId;
        this.localBrokerId = localBrokerId;
        this.image = image;
        this.controllerId = controllerId;
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
        return image.get().aliveRegistrations().stream()
                .map(b -> new BrokerEndpoint(b.id(), b.host(), b.port(), b.rack()))
                .toList();
    }

    @Override
    public int controllerId() {
        return controllerId.getAsInt();
    }
}
