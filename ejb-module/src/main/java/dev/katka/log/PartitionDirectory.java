package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.logging.Logger;
import org.apache.kafka.common.utils.Utils;

/**
 * The file layout of one partition's directory, and the small files in it that are not segments.
 *
 * <pre>
 *   &lt;topic&gt;-&lt;partition&gt;/
 *     00000000000000000000.log        record batches of the segment starting at offset 0
 *     00000000000000000000.index      its sparse offset index
 *     00000000000000000000.timeindex  its time index
 *     00000000000000001234.snapshot   idempotent-producer state as of offset 1234 (exclusive)
 *     leader-epoch-checkpoint         leader epoch -&gt; first offset, see {@link LeaderEpochCache}
 *     recovery-point                  "&lt;offset&gt;\n": everything below was fsynced
 *     cleaner-checkpoint              "&lt;offset&gt;\n": a compacted log is clean below it (the first dirty offset)
 *     log-start-offset                "&lt;offset&gt;\n": records below were deleted (DeleteRecords), maybe mid-segment
 *     *.cleaned                       files of a cleaned segment being written; discarded at start-up
 *     &lt;base&gt;.&lt;end&gt;.log.swap           a cleaned segment replacing the segments in [base, end); see {@link SegmentSwap}
 *     clean-shutdown                  present only while the log is closed cleanly
 *     *.deleted                       files of removed segments, waiting for reads to finish
 * </pre>
 *
 * Offsets in names are 20 decimal digits, zero padded, so names sort like offsets.
 *
 * <p>Stateless apart from the path; every method is safe to call from any thread, but callers
 * serialize writes of the same file (the log's lock does).
 */
final class PartitionDirectory {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    static final String TIME_INDEX_SUFFIX = ".timeindex";
    static final String SNAPSHOT_SUFFIX = ".snapshot";
    static final String DELETED_SUFFIX = ".deleted";
    static final String CLEANED_SUFFIX = ".cleaned";
    private static final String CLEANER_CHECKPOINT_FILE = "cleaner-checkpoint";
    private static final String RECOVERY_POINT_FILE = "recovery-point";
    private static final String LOG_START_OFFSET_FILE = "log-start-offset";
    private static final String LEADER_EPOCH_CHECKPOINT_FILE = "leader-epoch-checkpoint";
    private static final String CLEAN_SHUTDOWN_FILE = "clean-shutdown";

    private static final Logger LOG = Logger.getLogger(PartitionDirectory.class.getName());

    private final Path dir;

    PartitionDirectory(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    static String fileName(long offset, String suffix) {
        return String.format("%020d%s", offset, suffix);
    }

    Path logFile(long baseOffset) {
        return dir.resolve(fileName(baseOffset, LOG_SUFFIX));
    }

    Path offsetIndexFile(long baseOffset) {
        return dir.resolve(fileName(baseOffset, INDEX_SUFFIX));
    }

    Path timeIndexFile(long baseOffset) {
        return dir.resolve(fileName(baseOffset, TIME_INDEX_SUFFIX));
    }

    Path snapshotFile(long offset) {
        return dir.resolve(fileName(offset, SNAPSHOT_SUFFIX));
    }

    /** Where {@code file} (a segment's .log or index) is written while a cleaning builds it. */
    static Path cleaned(Path file) {
        return file.resolveSibling(file.getFileName() + CLEANED_SUFFIX);
    }

    Path leaderEpochCheckpointFile() {
        return dir.resolve(LEADER_EPOCH_CHECKPOINT_FILE);
    }

    /** Base offsets of the segments on disk, ascending. A segment exists when its .log file does. */
    List<Long> segmentBaseOffsets() throws IOException {
        return offsetsOfFilesEndingIn(LOG_SUFFIX);
    }

    /** Offsets of the producer-state snapshots on disk, ascending. */
    List<Long> snapshotOffsets() throws IOException {
        return offsetsOfFilesEndingIn(SNAPSHOT_SUFFIX);
    }

    private List<Long> offsetsOfFilesEndingIn(String suffix) throws IOException {
        List<Long> offsets = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path file : files) {
                OptionalLong offset = offsetOf(file.getFileName().toString(), suffix);
                if (offset.isPresent()) {
                    offsets.add(offset.getAsLong());
                }
            }
        }
        Collections.sort(offsets);
        return offsets;
    }

    private static OptionalLong offsetOf(String name, String suffix) {
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    /**
     * Removes what a previous run left half done: segments renamed for deletion (no read can
     * still be using them after a restart), cleaned segments that were never swapped in,
     * temporary files of interrupted atomic writes, and index files whose segment is gone. Call
     * after {@link SegmentSwap#completeInterrupted}, which needs the old segments' files.
     */
    void removeLeftovers() throws IOException {
        List<Long> segments = segmentBaseOffsets();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean orphanIndex = (name.endsWith(INDEX_SUFFIX) && !segments.contains(baseOf(name, INDEX_SUFFIX)))
                        || (name.endsWith(TIME_INDEX_SUFFIX) && !segments.contains(baseOf(name, TIME_INDEX_SUFFIX)));
                if (name.endsWith(DELETED_SUFFIX) || name.endsWith(CLEANED_SUFFIX)
                        || name.endsWith(AtomicFile.TEMPORARY_SUFFIX) || orphanIndex) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static long baseOf(String name, String suffix) {
        return offsetOf(name, suffix).orElse(-1);
    }

    /**
     * The offset below which everything was fsynced when the file was last written; empty when
     * there is no usable checkpoint (then recovery starts from the first segment, which is slow
     * but safe).
     */
    OptionalLong readRecoveryPoint() {
        return readOffsetFile(dir.resolve(RECOVERY_POINT_FILE));
    }

    private static OptionalLong readOffsetFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            LOG.warning(() -> "Ignoring unreadable checkpoint " + file + ": " + e);
            return OptionalLong.empty();
        }
    }

    private void writeOffsetFile(Path file, long offset) throws IOException {
        writeAtomically(file, ByteBuffer.wrap((offset + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    void writeRecoveryPoint(long offset) throws IOException {
        writeOffsetFile(dir.resolve(RECOVERY_POINT_FILE), offset);
    }

    /**
     * The offset below which the cleaner has cleaned the log, or empty when it never has (or the
     * file is unreadable: then the next cleaning starts from the log start, which only costs time).
     */
    OptionalLong readCleanerCheckpoint() {
        return readOffsetFile(dir.resolve(CLEANER_CHECKPOINT_FILE));
    }

    void writeCleanerCheckpoint(long offset) throws IOException {
        writeOffsetFile(dir.resolve(CLEANER_CHECKPOINT_FILE), offset);
    }

    /**
     * The log start offset last moved into a segment by DeleteRecords, or empty when it never was
     * (or the file is unreadable: then the records below it, still in their segment, come back,
     * which loses nothing).
     */
    OptionalLong readLogStartOffset() {
        return readOffsetFile(dir.resolve(LOG_START_OFFSET_FILE));
    }

    /** Durably, before readers are told: a restart must not bring deleted records back. */
    void writeLogStartOffset(long offset) throws IOException {
        writeOffsetFile(dir.resolve(LOG_START_OFFSET_FILE), offset);
    }

    boolean hasCleanShutdownMarker() {
        return Files.exists(dir.resolve(CLEAN_SHUTDOWN_FILE));
    }

    void writeCleanShutdownMarker() throws IOException {
        writeAtomically(dir.resolve(CLEAN_SHUTDOWN_FILE), ByteBuffer.allocate(0));
    }

    /** Called as soon as a log is opened: from then on a crash must be treated as unclean. */
    void removeCleanShutdownMarker() throws IOException {
        Files.deleteIfExists(dir.resolve(CLEAN_SHUTDOWN_FILE));
        Utils.flushDir(dir);
    }

    /** Replaces {@code target} durably; see {@link AtomicFile#replace}. */
    void writeAtomically(Path target, ByteBuffer content) throws IOException {
        AtomicFile.replace(target, content);
    }

    /** Replaces {@code target} without waiting for the disk; see {@link AtomicFile#replaceWithoutSync}. */
    void writeWithoutSync(Path target, ByteBuffer content) throws IOException {
        AtomicFile.replaceWithoutSync(target, content);
    }
}
