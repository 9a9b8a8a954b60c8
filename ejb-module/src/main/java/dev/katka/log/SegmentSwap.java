package dev.katka.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.apache.kafka.common.utils.Utils;

/**
 * How a cleaned segment takes the place of the segments it was cleaned from, so that a crash at
 * any point leaves either the old segments or the cleaned one, never both and never neither.
 *
 * <p>Files, for a cleaned segment replacing the segments with base offsets in {@code [B, E)}
 * ({@code E} is the base offset of the first segment it does not replace):
 * <pre>
 *   &lt;B&gt;.log.cleaned, &lt;B&gt;.index.cleaned, &lt;B&gt;.timeindex.cleaned
 *                          1. written and fsynced by the cleaner; a crash now: they are discarded
 *   &lt;B&gt;.&lt;E&gt;.log.swap       2. the commit point: the .log.cleaned renamed, the directory fsynced
 *   *.deleted              3. the old segments renamed for deletion (reads under way finish)
 *   &lt;B&gt;.index, &lt;B&gt;.timeindex, &lt;B&gt;.log
 *                          4. the cleaned files renamed to the names of a segment, indexes first
 * </pre>
 * A start-up that finds a {@code .swap} file completes steps 3 and 4: it deletes every segment
 * whose base offset lies in {@code [B, E)} and the index files at {@code B} (whichever segment they
 * came from), and renames the swap file to {@code <B>.log}; recovery rebuilds the missing indexes.
 * Kafka names the swap file {@code <B>.log.swap} and finds the replaced segments from the swap
 * segment's last offset; a cleaned group whose last segments lost every record would then keep
 * them, so here the end of the range is in the name.
 *
 * <p>Stateless. Steps 2 to 4 run under the log's lock; {@link #completeInterrupted} runs while a
 * log is opened, before anyone else sees it.
 */
final class SegmentSwap {

    static final String SWAP_SUFFIX = PartitionDirectory.LOG_SUFFIX + ".swap";

    /** The points between the steps, where a crash may strike; tests observe them. */
    enum Step { CLEANED_WRITTEN, COMMITTED, OLD_SEGMENT_RENAMED, INDEXES_RENAMED, FINISHED }

    private static final Logger LOG = Logger.getLogger(SegmentSwap.class.getName());

    private SegmentSwap() {
    }

    static Path swapFile(PartitionDirectory dir, long baseOffset, long endOffset) {
        return dir.path().resolve(String.format("%020d.%020d%s", baseOffset, endOffset, SWAP_SUFFIX));
    }

    /** Step 2: from here on the cleaned segment replaces {@code [base, endOffset)}, crash or not. */
    static void commit(PartitionDirectory dir, LogSegment cleaned, long endOffset) throws IOException {
        cleaned.renameLogTo(swapFile(dir, cleaned.baseOffset(), endOffset));
        Utils.flushDir(dir.path());
    }

    /** Step 4a, once the old segments are renamed for deletion: the cleaned indexes get their final names. */
    static void renameIndexes(PartitionDirectory dir, LogSegment cleaned) throws IOException {
        long base = cleaned.baseOffset();
        cleaned.renameIndexesTo(dir.offsetIndexFile(base), dir.timeIndexFile(base));
    }

    /** Step 4b: the swap file becomes the segment's {@code .log}; the swap is complete. */
    static void renameLog(PartitionDirectory dir, LogSegment cleaned) throws IOException {
        cleaned.renameLogTo(dir.logFile(cleaned.baseOffset()));
        Utils.flushDir(dir.path());
    }

    /** At start-up: completes every swap a crash interrupted after its commit point. */
    static void completeInterrupted(PartitionDirectory dir) throws IOException {
        try (DirectoryStream<Path> swaps = Files.newDirectoryStream(dir.path(), "*" + SWAP_SUFFIX)) {
            for (Path swap : swaps) {
                complete(dir, swap);
            }
        }
    }

    private static void complete(PartitionDirectory dir, Path swap) throws IOException {
        String name = swap.getFileName().toString();
        String[] range = name.substring(0, name.length() - SWAP_SUFFIX.length()).split("\\.");
        if (range.length != 2 || !isOffset(range[0]) || !isOffset(range[1])) {
            LOG.warning(() -> "Ignoring unrecognised file " + swap);
            return;
        }
        long base = Long.parseLong(range[0]);
        long end = Long.parseLong(range[1]);
        for (long replaced : dir.segmentBaseOffsets()) {
            if (replaced >= base && replaced < end) {
                Files.deleteIfExists(dir.logFile(replaced));
                Files.deleteIfExists(dir.offsetIndexFile(replaced));
                Files.deleteIfExists(dir.timeIndexFile(replaced));
            }
        }
        // The index files at base may be the old segment's or the cleaned one's: rebuild them.
        Files.deleteIfExists(dir.offsetIndexFile(base));
        Files.deleteIfExists(dir.timeIndexFile(base));
        Utils.atomicMoveWithFallback(swap, dir.logFile(base));
        LOG.info(() -> "Completed the swap of the cleaned segment " + base + " into " + dir.path()
                + " (it replaces the segments below offset " + end + ")");
    }

    private static boolean isOffset(String digits) {
        return digits.length() == 20 && digits.chars().allMatch(Character::isDigit);
    }
}
