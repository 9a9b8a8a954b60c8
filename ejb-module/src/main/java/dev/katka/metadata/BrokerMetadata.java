package dev.katka.metadata;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * This broker's view of the cluster metadata: the image it has applied, which it saves before
 * anyone acts on it and then publishes to its listeners (the partitions this broker holds, the
 * topic lookups of the request handlers).
 *
 * <p>Entries arrive in version order from one thread (the cluster coordination's delivery
 * thread); {@link #image()} and {@link #awaitVersion} may be used from any thread.
 */
public final class BrokerMetadata {

    private static final Logger LOG = Logger.getLogger(BrokerMetadata.class.getName());

    /** Learns of every new image, on the applying thread, after it is saved. */
    @FunctionalInterface
    public interface Listener {
        void imageChanged(MetadataImage before, MetadataImage after);
    }

    /** Makes an image durable; {@code before} is the image saved last (so only the difference is written). */
    @FunctionalInterface
    public interface ImageSaver {
        void save(MetadataImage before, MetadataImage after);
    }

    private final ImageSaver saver;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiters = new ConcurrentSkipListMap<>();
    private volatile MetadataImage image;
    /**
     * The version every listener has been told of. Set after the listeners ran, not with
     * {@link #image}: a waiter released by {@link #awaitVersion} then finds the change in the topic
     * lookups too, not only in the image.
     */
    private volatile long publishedVersion;

    /**
     * @param loaded the image saved before the last stop ({@link MetadataImage#EMPTY} at first start)
     */
    public BrokerMetadata(MetadataImage loaded, ImageSaver saver) {
        this.image = loaded;
        this.publishedVersion = loaded.version();
        this.saver = saver;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public MetadataImage image() {
        return image;
    }

    /**
     * Applies entries that follow the current image, saves the result, then tells the listeners.
     * Entries at or below the current version are skipped (a redelivery after a restart).
     *
     * @throws IllegalArgumentException when an entry leaves a gap or comes from a deposed controller;
     *                                  nothing of the batch is applied then
     */
    public synchronized void apply(List<MetadataLogEntry> entries) {
        MetadataImage before = image;
        MetadataImage after = before;
        for (MetadataLogEntry entry : entries) {
            if (entry.version() > after.version()) {
                after = after.apply(entry);
            }
        }
        if (after == before) {
            return;
        }
        saver.save(before, after);
        image = after;
        MetadataImage published = after;
        LOG.fine(() -> "Applied metadata up to version " + published.version());
        for (Listener listener : listeners) {
            listener.imageChanged(before, published);
        }
        publishedVersion = published.version();
        completeWaitersUpTo(published.version());
    }

    /**
     * Replaces the image with a snapshot of the cluster's (this broker was further behind than
     * the metadata log reaches, or its image came from another history); saved and published like
     * an applied batch.
     */
    public synchronized void replace(MetadataImage snapshot) {
        MetadataImage before = image;
        saver.save(before, snapshot);
        image = snapshot;
        LOG.info(() -> "Replaced the metadata image (version " + before.version() + ") with a snapshot at version "
                + snapshot.version());
        for (Listener listener : listeners) {
            listener.imageChanged(before, snapshot);
        }
        publishedVersion = snapshot.version();
        completeWaitersUpTo(snapshot.version());
    }

    /** Completes once this broker has applied (and published) the metadata up to {@code version}. */
    public CompletionStage<Void> awaitVersion(long version) {
        if (publishedVersion >= version) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = waiters.computeIfAbsent(version, v -> new CompletableFuture<>());
        // The image may have moved on between the check and the registration.
        long published = publishedVersion;
        if (published >= version) {
            completeWaitersUpTo(published);
        }
        return waiter;
    }

    private void completeWaitersUpTo(long version) {
        Map<Long, CompletableFuture<Void>> due = waiters.headMap(version, true);
        due.values().forEach(w -> w.complete(null));
        due.clear();
    }
}
