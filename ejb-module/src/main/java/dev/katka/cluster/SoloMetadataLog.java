package dev.katka.cluster;

import dev.katka.controller.ControllerDriver;
import dev.katka.metadata.BrokerMetadata;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The metadata log of a broker that runs alone, without a data grid: it is its own controller,
 * and an append is applied to its own metadata (and so saved in its database) before
 * {@link #append} returns. The saved image is the whole history it needs; no log is kept.
 *
 * <p>The controller epoch still matters here: a controller that failed and resigned is replaced
 * by a new one with the next epoch, and the old one's appends are refused.
 *
 * <p>Thread-safe: appends are serialized.
 */
public final class SoloMetadataLog implements ControllerDriver.MetadataLog {

    private final BrokerMetadata metadata;
    private final IntConsumer electAgain;
    private int currentEpoch;

    /**
     * @param electAgain makes this broker controller again with the given (higher) epoch after a
     *                   resignation
     */
    public SoloMetadataLog(BrokerMetadata metadata, IntConsumer electAgain) {
        this.metadata = metadata;
        this.electAgain = electAgain;
    }

    /** Starts a controller term: epochs only grow. */
    public synchronized int nextEpoch() {
        currentEpoch = Math.max(currentEpoch, metadata.image().controllerEpoch()) + 1;
        return currentEpoch;
    }

    @Override
    public synchronized boolean append(int controllerEpoch, List<MetadataRecord> records) {
        if (controllerEpoch != currentEpoch) {
            return false;
        }
        long version = metadata.image().version();
        List<MetadataLogEntry> entries = new ArrayList<>(records.size());
        for (MetadataRecord record : records) {
            entries.add(new MetadataLogEntry(++version, controllerEpoch, record));
        }
        metadata.apply(entries);
        return true;
    }

    @Override
    public void resign(int controllerEpoch) {
        int next;
        synchronized (this) {
            if (controllerEpoch != currentEpoch) {
                return;
            }
            next = nextEpoch();
        }
        electAgain.accept(next);
    }
}
