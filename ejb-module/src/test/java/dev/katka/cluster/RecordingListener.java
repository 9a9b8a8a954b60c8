package dev.katka.cluster;

import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker's side of the coordination, as the tests see it: every event in order, the image the
 * entries build (a gap, a repeat or an older controller's entry fails the apply, as in a broker),
 * the controller epoch held, and the threads the events came on.
 */
final class RecordingListener implements ClusterCoordination.Listener {

    sealed interface Event {
    }

    record Started(BrokerRegistration broker) implements Event {
    }

    record Failed(int brokerId) implements Event {
    }

    record Became(int epoch, long imageVersion) implements Event {
    }

    record Lost(int epoch) implements Event {
    }

    record Metadata(List<MetadataLogEntry> entries) implements Event {
    }

    record Snapshot(MetadataImage image) implements Event {
    }

    private final List<Event> events = new ArrayList<>();
    private final List<MetadataLogEntry> entries = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private MetadataImage image;
    private int epoch;

    RecordingListener(MetadataImage applied) {
        this.image = applied;
    }

    @Override
    public synchronized void brokerStarted(BrokerRegistration broker) {
        record(new Started(broker));
    }

    @Override
    public synchronized void brokerFailed(int brokerId) {
        record(new Failed(brokerId));
    }

    @Override
    public synchronized void becameController(int controllerEpoch, MetadataImage latest) {
        record(new Became(controllerEpoch, latest.version()));
        if (epoch != 0) {
            failures.add(new AssertionError("became controller of " + controllerEpoch + " while holding " + epoch));
        }
        if (!latest.equals(image)) {
            failures.add(new AssertionError("the controller's image " + latest.version() + " is not the applied "
                    + image.version()));
        }
        epoch = controllerEpoch;
    }

    @Override
    public synchronized void lostController(int controllerEpoch) {
        record(new Lost(controllerEpoch));
        if (epoch == controllerEpoch) {
            epoch = 0;
        }
    }

    @Override
    public synchronized void metadata(List<MetadataLogEntry> delivered) {
        record(new Metadata(List.copyOf(delivered)));
        try {
            for (MetadataLogEntry entry : delivered) {
                image = image.apply(entry);
            }
            entries.addAll(delivered);
        } catch (IllegalArgumentException e) {
            failures.add(e);
        }
    }

    @Override
    public synchronized void snapshot(MetadataImage replacement) {
        record(new Snapshot(replacement));
        image = replacement;
    }

    private void record(Event event) {
        events.add(event);
        threads.add(Thread.currentThread());
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<MetadataLogEntry> entries() {
        return List.copyOf(entries);
    }

    synchronized MetadataImage image() {
        return image;
    }

    /** The controller epoch this broker holds now, or 0. */
    synchronized int epoch() {
        return epoch;
    }

    synchronized List<Throwable> failures() {
        return List.copyOf(failures);
    }

    Set<Thread> threads() {
        return Set.copyOf(threads);
    }

    synchronized <T extends Event> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
