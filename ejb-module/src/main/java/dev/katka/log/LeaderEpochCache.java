package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * The leader epoch cache of one partition log: for every leader epoch whose batches are in the
 * log, the offset of its first batch. With it a leader answers OffsetForLeaderEpoch
 * ({@link #endOffsetFor}): a follower asks where its own latest epoch ends in the leader's log
 * and truncates there, so that its log becomes a prefix of the leader's.
 *
 * <p><b>On disk</b> it is the file {@code leader-epoch-checkpoint} of the partition directory,
 * in Kafka's text format: ASCII, every line ending in {@code \n},
 * <pre>
 *   0            format version
 *   2            number of entries
 *   0 0          epoch, one space, start offset: epochs strictly ascending, offsets ascending
 *   3 1234
 * </pre>
 * Every change rewrites the whole file (temporary file, fsync, atomic rename, fsync of the
 * directory). Changes are rare — a leader's first batch, a truncation, retention moving the log
 * start — so the fsync does not slow appends down.
 *
 * <p><b>Durability and repair.</b> The log {@link #assign}s an epoch before it writes the batch
 * that starts it, so the file never lacks the epoch of a batch that reached the disk.
 * Truncations are written after the log's files changed, so after a crash the file may name
 * offsets the log no longer holds; opening the log cuts those off ({@link #truncateFromEnd},
 * {@link #truncateFromStart}) and assigns again the epochs of the batches crash recovery
 * rescanned. A file that is unreadable, not in this format or not ascending is not trusted at
 * all: {@link #read} reports it as absent (with a warning) and the log rebuilds the cache from
 * the partition leader epoch in the header of every batch it holds — one pass over the batch
 * headers; the broker keeps running. The same rebuild serves logs written before the cache
 * existed.
 *
 * <p><b>Thread-safety</b>: every method synchronizes on the cache, whose entries are an
 * immutable list replaced on each change. The log calls the mutators under its own lock.
 */
final class LeaderEpochCache {

    /** One leader epoch and the offset of its first batch. */
    record EpochEntry(int epoch, long startOffset) {
    }

    private static final String VERSION = "0";
    /** Far above any real file (one line per leader change still in the log): a larger one is not read. */
    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(LeaderEpochCache.class.getName());

    private final PartitionDirectory dir;
    /** Ascending; guarded by this. */
    private List<EpochEntry> entries;
    /** A write failed: the file may differ from {@link #entries} until the next write. Guarded by this. */
    private boolean fileStale;

    private LeaderEpochCache(PartitionDirectory dir, List<EpochEntry> entries) {
        this.dir = dir;
        this.entries = List.copyOf(entries);
    }

    /** A cache without entries, for the log in {@code dir}; nothing is written until it changes. */
    static LeaderEpochCache empty(PartitionDirectory dir) {
        return new LeaderEpochCache(dir, List.of());
    }

    /**
     * The cache stored in {@code dir}. Empty when there is no checkpoint file, and when it cannot
     * be trusted (a warning says why): then the caller rebuilds the cache from the log's batches.
     */
    static Optional<LeaderEpochCache> read(PartitionDirectory dir) {
        Path file = dir.leaderEpochCheckpointFile();
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                LOG.warning(() -> "Ignoring " + file + ": " + file.toFile().length() + " bytes is too large for a leader epoch checkpoint");
                return Optional.empty();
            }
            Optional<List<EpochEntry>> parsed = parse(Files.readString(file, StandardCharsets.US_ASCII));
            if (parsed.isEmpty()) {
                LOG.warning(() -> "Ignoring corrupt leader epoch checkpoint " + file + "; rebuilding it from the log");
            }
            return parsed.map(entries -> new LeaderEpochCache(dir, entries));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warning(() -> "Ignoring unreadable leader epoch checkpoint " + file + " (" + e + "); rebuilding it from the log");
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- queries

    /** The latest epoch, or -1 when the cache is empty. */
    synchronized int latestEpoch() {
        return entries.isEmpty() ? -1 : entries.get(entries.size() - 1).epoch();
    }

    /**
     * OffsetForLeaderEpoch: the largest cached epoch at or below {@code epoch}, and the start
     * offset of the next cached epoch, or {@code logEndOffset} when it is the latest; {@link
     * EpochEnd#UNDEFINED} when {@code epoch} is below every cached one (the log holds nothing of
     * it or of any earlier epoch).
     */
    synchronized EpochEnd endOffsetFor(int epoch, long logEndOffset) {
        int floor = -1;
        for (int i = 0; i < entries.size() && entries.get(i).epoch() <= epoch; i++) {
            floor = i;
        }
        if (floor < 0) {
            return EpochEnd.UNDEFINED;
        }
        long end = floor + 1 < entries.size() ? entries.get(floor + 1).startOffset() : logEndOffset;
        return new EpochEnd(entries.get(floor).epoch(), end);
    }

    /** The entries, ascending. */
    synchronized List<EpochEntry> entries() {
        return entries;
    }

    // ---------------------------------------------------------------- changes

    /**
     * Records that {@code epoch} starts at {@code startOffset}, unless that adds nothing: an epoch
     * at or below the latest one is ignored (the latest already started earlier; an older one
     * would be a late batch of a deposed leader, which the log refuses before it gets here), and
     * so is a start offset below the latest entry's. A newer epoch may start at the latest entry's
     * offset (a log emptied up to there): the older entry stays, so {@link #endOffsetFor} still
     * says where that epoch ended.
     *
     * @return whether the cache changed; the file was then written
     * @throws IOException when the file cannot be written; the cache is then unchanged
     */
    synchronized boolean assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0 || startOffset < 0) {
            throw new IllegalArgumentException("Cannot assign leader epoch " + epoch + " at offset " + startOffset);
        }
        return replaceWith(withAssigned(entries, epoch, startOffset));
    }

    /**
     * {@link #assign}s the partition leader epoch of each batch at its base offset, in order, and
     * writes the file once. Batches without a leader epoch (negative: written before epochs
     * existed, or a damaged header, which the batch checksum does not cover) are skipped.
     *
     * @return whether the cache changed
     * @throws IOException when the file cannot be written; the cache is then unchanged
     */
    synchronized boolean assign(Iterable<? extends RecordBatch> batches) throws IOException {
        List<EpochEntry> updated = entries;
        for (RecordBatch batch : batches) {
            if (batch.partitionLeaderEpoch() >= 0) {
                updated = withAssigned(updated, batch.partitionLeaderEpoch(), batch.baseOffset());
            }
        }
        return replaceWith(updated);
    }

    private boolean replaceWith(List<EpochEntry> updated) throws IOException {
        if (updated == entries && !fileStale) {
            return false;
        }
        write(updated);
        entries = updated;
        return true;
    }

    private List<EpochEntry> withAssigned(List<EpochEntry> current, int epoch, long startOffset) {
        if (!current.isEmpty()) {
            EpochEntry latest = current.get(current.size() - 1);
            if (epoch <= latest.epoch() || startOffset < latest.startOffset()) {
                if (epoch != latest.epoch()) {
                    LOG.warning(() -> "Ignoring leader epoch " + epoch + " at offset " + startOffset + " in "
                            + dir.path() + ": it does not follow the latest, epoch " + latest.epoch() + " from offset "
                            + latest.startOffset());
                }
                return current;
            }
        }
        List<EpochEntry> updated = new ArrayList<>(current.size() + 1);
        updated.addAll(current);
        updated.add(new EpochEntry(epoch, startOffset));
        return List.copyOf(updated);
    }

    /**
     * Removes the entries of epochs starting at or after {@code endOffset}: the log was truncated
     * there. The cache changes even if writing the file fails, since the log already has; the
     * stale file then names offsets beyond the log end, which the next open cuts off.
     *
     * @throws IOException when the file cannot be written
     */
    synchronized void truncateFromEnd(long endOffset) throws IOException {
        int keep = 0;
        while (keep < entries.size() && entries.get(keep).startOffset() < endOffset) {
            keep++;
        }
        changeTo(keep == entries.size() ? entries : List.copyOf(entries.subList(0, keep)));
    }

    /**
     * Forgets what lies before {@code startOffset}, the new log start: the entry of the epoch that
     * covers it now starts there, earlier ones go. Like {@link #truncateFromEnd} the cache changes
     * even if writing the file fails; a stale file names offsets below the log start, which the
     * next open cuts off.
     *
     * @throws IOException when the file cannot be written
     */
    synchronized void truncateFromStart(long startOffset) throws IOException {
        int covering = -1;
        for (int i = 0; i < entries.size() && entries.get(i).startOffset() <= startOffset; i++) {
            covering = i;
        }
        if (covering < 0 || (covering == 0 && entries.get(0).startOffset() == startOffset)) {
            changeTo(entries);
            return;
        }
        List<EpochEntry> updated = new ArrayList<>(entries.size() - covering);
        updated.add(new EpochEntry(entries.get(covering).epoch(), startOffset));
        updated.addAll(entries.subList(covering + 1, entries.size()));
        changeTo(List.copyOf(updated));
    }

    /** Removes every entry: the log was emptied. Like {@link #truncateFromEnd} on failure. */
    synchronized void clear() throws IOException {
        changeTo(List.of());
    }

    private void changeTo(List<EpochEntry> updated) throws IOException {
        if (updated.equals(entries) && !fileStale) {
            return;
        }
        entries = updated;
        write(updated);
    }

    private void write(List<EpochEntry> content) throws IOException {
        try {
            dir.writeAtomically(dir.leaderEpochCheckpointFile(),
                    ByteBuffer.wrap(serialize(content).getBytes(StandardCharsets.US_ASCII)));
            fileStale = false;
        } catch (IOException e) {
            fileStale = true;
            throw e;
        }
    }

    // ---------------------------------------------------------------- format

    static String serialize(List<EpochEntry> entries) {
        StringBuilder text = new StringBuilder(VERSION).append('\n').append(entries.size()).append('\n');
        for (EpochEntry entry : entries) {
            text.append(entry.epoch()).append(' ').append(entry.startOffset()).append('\n');
        }
        return text.toString();
    }

    /** The entries of a checkpoint file's text, or empty when it is not exactly this format, ascending. */
    static Optional<List<EpochEntry>> parse(String text) {
        if (!text.endsWith("\n")) {
            return Optional.empty();
        }
        String[] lines = text.split("\n", -1);   // the last element is the empty rest after the final \n
        if (lines.length < 3 || !lines[0].equals(VERSION)) {
            return Optional.empty();
        }
        try {
            if (Integer.parseInt(lines[1]) != lines.length - 3) {
                return Optional.empty();
            }
            List<EpochEntry> entries = new ArrayList<>(lines.length - 3);
            for (int i = 2; i < lines.length - 1; i++) {
                String[] fields = lines[i].split(" ", -1);
                if (fields.length != 2) {
                    return Optional.empty();
                }
                EpochEntry entry = new EpochEntry(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
                if (!follows(entries, entry)) {
                    return Optional.empty();
                }
                entries.add(entry);
            }
            return Optional.of(entries);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean follows(List<EpochEntry> entries, EpochEntry next) {
        if (next.epoch() < 0 || next.startOffset() < 0) {
            return false;
        }
        if (entries.isEmpty()) {
            return true;
        }
        EpochEntry last = entries.get(entries.size() - 1);
        return next.epoch() > last.epoch() && next.startOffset() >= last.startOffset();
    }

    @Override
    public synchronized String toString() {
        return "LeaderEpochCache(" + dir.path() + ", " + entries + ")";
    }
}
