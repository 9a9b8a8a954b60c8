package dev.katka.log;

import java.io.IOException;
import java.util.List;

/**
 * Which segments retention deletes, Kafka's rules: from the oldest on, while a segment's newest
 * record is older than {@code retention.ms}, or while the log without it would still hold at
 * least {@code retention.bytes}. It stops at the first segment it keeps, at a segment not wholly
 * below the high watermark (followers may still need it), and at an empty active segment; a
 * non-empty active segment may go (the log rolls first, so the log end stays).
 *
 * <p>Stateless; the log calls it under its lock.
 */
final class Retention {

    private Retention() {
    }

    /** A retention rule: whether a segment has outlived it. Rules may count what they passed. */
    @FunctionalInterface
    private interface Rule {
        boolean breached(LogSegment segment) throws IOException;
    }

    /**
     * The oldest segments to delete.
     *
     * @param segments      the log's segments, oldest first, the last one active
     * @param logEndOffset  where the active segment ends
     */
    static List<LogSegment> deletable(List<LogSegment> segments, long logEndOffset, LogConfig config, long now,
                                      long highWatermark) throws IOException {
        if (!config.delete()) {
            return List.of();
        }
        int byTime = 0;
        if (config.retentionMs() >= 0) {
            byTime = leadingCount(segments, logEndOffset, highWatermark,
                    segment -> now - segment.newestTimestampForRetention() > config.retentionMs());
        }
        int bySize = 0;
        if (config.retentionBytes() >= 0) {
            long[] excess = {totalSize(segments) - config.retentionBytes()};
            bySize = leadingCount(segments, logEndOffset, highWatermark, segment -> {
                if (excess[0] - segment.sizeInBytes() < 0) {
                    return false;
                }
                excess[0] -= segment.sizeInBytes();
                return true;
            });
        }
        // Both rules delete a prefix; applying one after the other deletes the longer one.
        return segments.subList(0, Math.max(byTime, bySize));
    }

    private static int leadingCount(List<LogSegment> segments, long logEndOffset, long highWatermark, Rule rule)
            throws IOException {
        int count = 0;
        for (int i = 0; i < segments.size(); i++) {
            LogSegment segment = segments.get(i);
            boolean active = i == segments.size() - 1;
            long upperBound = active ? logEndOffset : segments.get(i + 1).baseOffset();
            if (upperBound > highWatermark || (active && segment.sizeInBytes() == 0) || !rule.breached(segment)) {
                break;
            }
            count++;
        }
        return count;
    }

    private static long totalSize(List<LogSegment> segments) {
        long size = 0;
        for (LogSegment segment : segments) {
            size += segment.sizeInBytes();
        }
        return size;
    }
}
