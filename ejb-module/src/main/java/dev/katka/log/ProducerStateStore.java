package dev.katka.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.logging.Logger;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords.LogOffsetPosition;

/**
 * Keeps a {@link ProducerStateTable} across restarts: writes {@link ProducerSnapshot} files,
 * trims them with the log, and rebuilds the table from the newest intact one plus the batch
 * headers after it.
 *
 * <p>Not thread-safe: used under the log's lock (or by the opening thread).
 */
final class ProducerStateStore {

    private static final Logger LOG = Logger.getLogger(ProducerStateStore.class.getName());

    private final PartitionDirectory dir;

    ProducerStateStore(PartitionDirectory dir) {
        this.dir = dir;
    }

    /**
     * Snapshots {@code table} as of {@code offset}. Only snapshots written at close are fsynced:
     * one torn by a crash fails its checksum and costs a longer replay, not correctness, and an
     * fsync at every roll would stall appends. A failure is logged, not thrown, for the same reason.
     */
    void write(ProducerStateTable table, long offset, boolean durable) {
        Path file = dir.snapshotFile(offset);
        try {
            if (durable) {
                dir.writeAtomically(file, ProducerSnapshot.serialize(table.entries()));
            } else {
                dir.writeWithoutSync(file, ProducerSnapshot.serialize(table.entries()));
            }
        } catch (IOException e) {
            LOG.warning(() -> "Cannot write the producer snapshot " + file + ": " + e);
        }
    }

    /** Deletes the snapshots below {@code offset} (their batches are gone). */
    void deleteBelow(long offset) throws IOException {
        for (long snapshot : dir.snapshotOffsets()) {
            if (snapshot < offset) {
                Files.deleteIfExists(dir.snapshotFile(snapshot));
            }
        }
    }

    /**
     * Rebuilds {@code table} for the log ending at {@code logEnd} in {@code segments}: the newest
     * intact snapshot at or below the log end, then the headers of every batch on disk after it
     * (every batch when there is none). Snapshots beyond the log end describe batches that are
     * gone and are deleted, as are corrupt ones. Producers whose batches were deleted stay, as
     * the snapshot has them (KAFKA-7190): they expire by idleness alone.
     */
    void rebuild(ProducerStateTable table, NavigableMap<Long, LogSegment> segments, long logEnd) throws IOException {
        table.clear();
        long firstOnDisk = segments.firstKey();
        long replayFrom = firstOnDisk;
        List<Long> snapshots = dir.snapshotOffsets();
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            long offset = snapshots.get(i);
            Path file = dir.snapshotFile(offset);
            if (offset > logEnd) {
                Files.deleteIfExists(file);
                continue;
            }
            Optional<List<ProducerEntry>> state = ProducerSnapshot.read(file);
            if (state.isPresent()) {
                table.load(state.get());
                replayFrom = Math.max(offset, firstOnDisk);
                break;
            }
            LOG.warning(() -> "Ignoring corrupt producer snapshot " + file);
            Files.deleteIfExists(file);
        }
        replay(table, segments, replayFrom);
    }

    private static void replay(ProducerStateTable table, NavigableMap<Long, LogSegment> segments, long fromOffset) {
        Long first = segments.floorKey(fromOffset);
        for (LogSegment segment : segments.tailMap(first == null ? segments.firstKey() : first).values()) {
            LogOffsetPosition start = segment.translateOffset(fromOffset);
            if (start == null) {
                continue;
            }
            for (FileChannelRecordBatch batch : segment.records().batchesFrom(start.position)) {
                table.replay(batch);
            }
        }
    }
}
