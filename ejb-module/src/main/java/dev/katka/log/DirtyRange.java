package dev.katka.log;

import java.util.List;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * What of a compacted log the cleaner may work on now (Kafka's {@code LogToClean}): the clean part
 * below the cleaner checkpoint, the dirty part {@code [firstDirtyOffset, firstUncleanableOffset)}
 * after it, and the rest, which the cleaner leaves alone: the active segment, anything not wholly
 * below the high watermark (a new leader may still truncate it), and segments with a record newer
 * than {@code min.compaction.lag.ms}. Offsets are segment boundaries, except that a checkpoint left
 * by a pass whose offset map filled up may lie inside a segment.
 *
 * @param segments               the log's segments when measured, oldest first, the active one last
 * @param firstDirtyOffset       where the part not yet cleaned starts
 * @param firstUncleanableOffset where the part the cleaner may not touch starts
 * @param cleanBytes             the bytes of the segments below the first dirty offset
 * @param dirtyBytes             the bytes of the segments between the two offsets
 * @param maxLagExceeded         whether the oldest dirty record is older than {@code max.compaction.lag.ms}
 */
record DirtyRange(List<LogSegment> segments, long firstDirtyOffset, long firstUncleanableOffset, long cleanBytes,
                  long dirtyBytes, boolean maxLagExceeded) {

    /**
     * Measures the log made of {@code segments} (oldest first, the active one last).
     *
     * @param cleanedTo     the cleaner checkpoint, clamped here to the log
     * @param highWatermark nothing at or above it is cleaned
     */
    static DirtyRange measure(List<LogSegment> segments, long cleanedTo, long highWatermark, LogConfig config,
                              long now) {
        int active = segments.size() - 1;
        long activeBase = segments.get(active).baseOffset();
        long firstDirty = Math.max(segments.get(0).baseOffset(), Math.min(cleanedTo, activeBase));
        long firstUncleanable = activeBase;
        for (int i = 0; i < active; i++) {
            LogSegment segment = segments.get(i);
            boolean aboveHighWatermark = segments.get(i + 1).baseOffset() > highWatermark;
            boolean tooRecent = config.minCompactionLagMs() > 0 && segment.maxTimestamp() != RecordBatch.NO_TIMESTAMP
                    && segment.maxTimestamp() > now - config.minCompactionLagMs();
            if (aboveHighWatermark || (tooRecent && segments.get(i + 1).baseOffset() > firstDirty)) {
                firstUncleanable = segment.baseOffset();
                break;
            }
        }
        firstUncleanable = Math.max(firstUncleanable, firstDirty);

        long cleanBytes = 0;
        long dirtyBytes = 0;
        LogSegment firstDirtySegment = null;
        for (int i = 0; i < active; i++) {
            LogSegment segment = segments.get(i);
            long upper = segments.get(i + 1).baseOffset();
            if (segment.baseOffset() < firstDirty) {
                cleanBytes += segment.sizeInBytes();
            }
            if (segment.baseOffset() < firstUncleanable && upper > firstDirty) {
                dirtyBytes += segment.sizeInBytes();
                if (firstDirtySegment == null) {
                    firstDirtySegment = segment;
                }
            }
        }
        boolean maxLagExceeded = false;
        if (firstDirtySegment != null && config.maxCompactionLagMs() < Long.MAX_VALUE) {
            long firstTimestamp = firstDirtySegment.firstBatchMaxTimestamp();
            maxLagExceeded = firstTimestamp != RecordBatch.NO_TIMESTAMP
                    && now - firstTimestamp > config.maxCompactionLagMs();
        }
        return new DirtyRange(List.copyOf(segments), firstDirty, firstUncleanable, cleanBytes, dirtyBytes,
                maxLagExceeded);
    }

    /** The dirty share of the cleanable log, 0 when it is empty. */
    double dirtyRatio() {
        long total = cleanBytes + dirtyBytes;
        return total == 0 ? 0 : (double) dirtyBytes / total;
    }

    /** Whether the cleaner should take the log for its dirty part: dirty enough, or dirty for too long. */
    boolean needsCleaning(LogConfig config) {
        return dirtyBytes > 0 && (dirtyRatio() >= config.minCleanableDirtyRatio() || maxLagExceeded);
    }

    /** The non-active segments, oldest first. */
    List<LogSegment> inactiveSegments() {
        return segments.subList(0, segments.size() - 1);
    }
}
