package dev.katka.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import dev.katka.metadata.MetadataRecordCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The metadata log in the data grid: a head ({@link HeadStore}), the entries in the map
 * {@value #ENTRIES} keyed by version, and snapshot images in {@value #SNAPSHOTS} keyed by
 * version. Every value is a {@code byte[]} ({@link MetadataRecordCodec}), so grid members without
 * Katka's classes can hold them.
 *
 * <h2>Why a deposed controller cannot get anything into the log</h2>
 *
 * An entry counts only once the head's {@code version} covers it, and only the controller whose
 * epoch is in the head can move the head's {@code version} (compare-and-set on the whole head).
 * Claiming the role moves the head to the next epoch first, so from that moment every commit of an
 * older epoch fails. Entries are written before the commit, at versions above the head; the rule
 * for writing one ({@link #write}) never replaces an entry of a higher epoch, and only a writer of a
 * higher (or the same) epoch replaces one; and a controller writes only after checking that the
 * head is still its own and at the version it last committed, so:
 * <ul>
 *   <li>a committed entry is never changed: whoever could commit after it was written holds an
 *       epoch at least as high and writes only above the head it claimed at;</li>
 *   <li>a deposed controller's leftovers above the head are overwritten by the next controller,
 *       whose epoch is higher; leftovers at versions already trimmed away are never read and go
 *       with the next trim.</li>
 * </ul>
 * Versions are contiguous with no gaps or duplicates because a commit moves the head from exactly
 * the version its entries follow.
 *
 * <h2>Bounded</h2>
 *
 * The controller keeps at most about {@code retainedEntries} entries: it stores its image as a
 * snapshot, moves the head's {@code floor} and {@code snapshotVersion} (compare-and-set, with its
 * epoch, so only the controller trims) and only then removes what is below. A broker behind the
 * floor reads the snapshot named by the head and the entries after it.
 *
 * <p>Thread-safe as far as the grid goes; callers serialize the appends of one controller.
 */
final class MetadataLog {

    static final String ENTRIES = "katka-metadata-log";
    static final String SNAPSHOTS = "katka-metadata-snapshots";

    /** How many entries one read fetches at most (one getAll). */
    static final int READ_BATCH = 500;

    /** Concurrent writers to one key are at most a deposed controller and its successor. */
    private static final int WRITE_ATTEMPTS = 8;

    private final HeadStore head;
    private final IMap<Long, byte[]> entries;
    private final IMap<Long, byte[]> snapshots;

    MetadataLog(HazelcastInstance hazelcast, HeadStore head) {
        this.head = head;
        this.entries = hazelcast.getMap(ENTRIES);
        this.snapshots = hazelcast.getMap(SNAPSHOTS);
    }

    /** The head, or null when there is no log. */
    LogHead head() {
        byte[] bytes = head.get();
        return bytes == null ? null : LogHead.fromBytes(bytes);
    }

    /**
     * Starts a log whose content is {@code image} (a new cluster: the empty image; after the log
     * was lost: a broker's image). False when there already is one.
     */
    boolean seed(MetadataImage image) {
        // The snapshot first: the head must never name one that is not there.
        snapshots.set(image.version(), MetadataRecordCodec.encode(image));
        return head.compareAndSet(null, LogHead.seed(image.version(), image.controllerEpoch()).toBytes());
    }

    /** Takes the next epoch for {@code brokerId}; null when the head is no longer {@code seen}. */
    LogHead claim(LogHead seen, int brokerId, UUID member) {
        LogHead claimed = seen.claimedBy(brokerId, member);
        return head.compareAndSet(seen.toBytes(), claimed.toBytes()) ? claimed : null;
    }

    /**
     * Appends records as controller of {@code epoch}, after {@code committed} (the head's version
     * as this controller last set or saw it).
     *
     * @return the new head version, or -1 when this epoch can no longer commit there (deposed, or
     *         the head is not where this controller left it)
     */
    long append(int epoch, long committed, List<MetadataRecord> records) {
        // Before writing anything: were this controller's view of the head stale (a commit of its
        // own whose answer was lost), the writes below would land on committed entries of its epoch.
        LogHead before = head();
        if (before == null || before.epoch() != epoch || before.version() != committed) {
            return -1;
        }
        Set<Long> versions = new HashSet<>();
        for (int i = 1; i <= records.size(); i++) {
            versions.add(committed + i);
        }
        Map<Long, byte[]> existing = entries.getAll(versions);
        for (int i = 0; i < records.size(); i++) {
            long version = committed + 1 + i;
            byte[] bytes = MetadataRecordCodec.encode(new MetadataLogEntry(version, epoch, records.get(i)));
            if (!write(version, bytes, epoch, existing.get(version))) {
                return -1;
            }
        }
        long next = committed + records.size();
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            LogHead current = head();
            if (current == null || current.epoch() != epoch || current.version() != committed) {
                return -1;
            }
            // Fails only if the head changed since it was read: a newer epoch (seen next time round)
            // or this controller's own trim moving the floor.
            if (head.compareAndSet(current.toBytes(), current.committed(next).toBytes())) {
                return next;
            }
        }
        return -1;
    }

    /** Writes one not yet committed entry unless a higher epoch holds its version. */
    private boolean write(long version, byte[] bytes, int epoch, byte[] seen) {
        byte[] existing = seen;
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            if (existing == null) {
                existing = entries.putIfAbsent(version, bytes);
                if (existing == null) {
                    return true;
                }
            } else if (Arrays.equals(existing, bytes)) {
                return true;
            } else if (MetadataRecordCodec.decodeEntry(existing).controllerEpoch() > epoch) {
                return false;
            } else if (entries.replace(version, existing, bytes)) {
                return true;
            } else {
                existing = entries.get(version);
            }
        }
        return false;
    }

    /**
     * The committed entries {@code from .. to} (inclusive; the caller read {@code to} from the head),
     * at most {@link #READ_BATCH}; fewer (maybe none) if some are missing: trimmed meanwhile, or
     * lost with their partition's owners.
     */
    List<MetadataLogEntry> read(long from, long to) {
        long last = Math.min(to, from + READ_BATCH - 1);
        Set<Long> versions = new HashSet<>();
        for (long v = from; v <= last; v++) {
            versions.add(v);
        }
        Map<Long, byte[]> found = entries.getAll(versions);
        List<MetadataLogEntry> result = new ArrayList<>();
        for (long v = from; v <= last; v++) {
            byte[] bytes = found.get(v);
            if (bytes == null) {
                break;
            }
            MetadataLogEntry entry = MetadataRecordCodec.decodeEntry(bytes);
            if (entry.version() != v) {
                throw new IllegalStateException("The metadata log holds version " + entry.version() + " under " + v);
            }
            result.add(entry);
        }
        return result;
    }

    /** The snapshot image at that version, or null when it is gone (trimmed meanwhile). */
    MetadataImage snapshot(long version) {
        byte[] bytes = snapshots.get(version);
        return bytes == null ? null : MetadataRecordCodec.decodeImage(bytes);
    }

    /**
     * As controller of {@code epoch}: keeps only the entries above {@code newFloor}, with
     * {@code image} (at or above the new floor, at or below the head) as the snapshot for brokers
     * further behind.
     *
     * @return whether the head was moved (false: deposed, or the head changed meanwhile)
     */
    boolean trim(int epoch, MetadataImage image, long newFloor) {
        LogHead current = head();
        if (current == null || current.epoch() != epoch || newFloor <= current.floor()
                || image.version() < newFloor || image.version() > current.version()) {
            return false;
        }
        snapshots.set(image.version(), MetadataRecordCodec.encode(image));
        if (!head.compareAndSet(current.toBytes(), current.trimmed(newFloor, image.version()).toBytes())) {
            return false;
        }
        // Below the floor nothing is read any more; this also takes a deposed writer's leftovers.
        entries.removeAll(Predicates.lessEqual("__key", newFloor));
        snapshots.removeAll(Predicates.lessThan("__key", image.version()));
        return true;
    }
}
