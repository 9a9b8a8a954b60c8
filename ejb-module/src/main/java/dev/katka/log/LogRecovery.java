package dev.katka.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Brings the segments found on disk back to a state the log can serve, when a log is opened.
 *
 * <p>After a clean shutdown (the {@code clean-shutdown} marker is present) everything was fsynced
 * and sealed: only indexes that are missing or do not fit their log file are rebuilt. Otherwise
 * the machine may have crashed mid-write: every segment from the one holding the recovery point
 * (the checkpointed offset below which everything was fsynced; the first segment when there is
 * no checkpoint) to the last, and at least the active segment, is rescanned batch by batch —
 * length, magic, CRC32C, ascending offsets — and its indexes rebuilt. The first invalid batch ends
 * the log: its segment is truncated there (one warning with the bytes cut), and every later
 * segment removed, since offsets after a hole cannot be trusted. So no offset that was
 * acknowledged and fsynced is ever handed out again, and nothing torn is ever served.
 *
 * <p>Used once, by the opening thread, before the log is visible to anyone else.
 */
final class LogRecovery {

    private static final Logger LOG = Logger.getLogger(LogRecovery.class.getName());

    /**
     * @param segments      the segments that remain, ascending; the last one active
     * @param recoveryPoint the offset below which the remaining data is known to be fsynced
     * @param rescannedFrom the base offset of the first segment rescanned because it may hold data
     *                      that was not fsynced; {@link Long#MAX_VALUE} after a clean shutdown
     */
    record Result(List<LogSegment> segments, long recoveryPoint, long rescannedFrom) {
    }

    private final PartitionDirectory dir;
    private final LogConfig config;

    LogRecovery(PartitionDirectory dir, LogConfig config) {
        this.dir = dir;
        this.config = config;
    }

    Result recover(List<LogSegment> loaded, boolean cleanShutdown) throws IOException {
        long recoveryPoint = cleanShutdown ? Long.MAX_VALUE : dir.readRecoveryPoint().orElse(0);
        int firstToRescan = cleanShutdown ? loaded.size() : Math.min(indexOfSegmentHolding(loaded, recoveryPoint),
                loaded.size() - 1);
        long rescannedFrom = cleanShutdown ? Long.MAX_VALUE : loaded.get(firstToRescan).baseOffset();
        List<LogSegment> kept = new ArrayList<>(loaded);
        for (int i = 0; i < kept.size(); i++) {
            LogSegment segment = kept.get(i);
            boolean rescan = i >= firstToRescan || !segment.hasConsistentIndexes();
            if (!rescan) {
                continue;
            }
            int truncated = segment.recover(config.segmentIndexBytes(), config.indexIntervalBytes());
            if (truncated > 0) {
                List<LogSegment> removed = new ArrayList<>(kept.subList(i + 1, kept.size()));
                kept.subList(i + 1, kept.size()).clear();
                LOG.warning("Recovery of " + dir.path() + " truncated " + truncated + " bytes of invalid data at the end of segment "
                        + segment.baseOffset() + " and removed " + removed.size() + " later segments");
                deleteNow(removed);
            }
            if (i < kept.size() - 1) {
                segment.onBecomeInactive();
            }
        }
        kept.get(kept.size() - 1).makeActive(config.segmentIndexBytes());
        return new Result(kept, recoveryPoint, rescannedFrom);
    }

    private static int indexOfSegmentHolding(List<LogSegment> segments, long offset) {
        int index = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).baseOffset() <= offset) {
                index = i;
            }
        }
        return index;
    }

    private static void deleteNow(List<LogSegment> segments) throws IOException {
        for (LogSegment segment : segments) {
            segment.deleteFiles();
        }
    }
}
