package dev.katka.log;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Time;

/**
 * The background cleaner of a broker's compacted logs (Kafka's {@code LogCleaner} with one
 * cleaner thread): round after round it measures every compacted log, takes the one that needs
 * cleaning most and runs a {@link Cleaner} pass on it; when none needs cleaning it waits
 * {@code log.cleaner.backoff.ms}.
 *
 * <p>A log needs cleaning when its dirty share is at least {@code min.cleanable.dirty.ratio}, when
 * its oldest dirty record is older than {@code max.compaction.lag.ms} (those go first), or when a
 * tombstone it kept may now be removed. A pass that fails (I/O error, corrupt batch) is logged and
 * the log is not cleaned again until the broker restarts, as in Kafka; the other logs and the
 * broker carry on. A pass abandoned because the log changed under it is simply tried again later.
 *
 * <p>Time comes from the injected {@link Time} (lags, horizons), the thread from the injected
 * {@link ThreadFactory}. Thread-safety: {@link #start()} and {@link #close()} by the broker's life
 * cycle; {@link #cleanOnce()} by the cleaner thread, or by a test that runs no thread.
 */
public final class LogCleaner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LogCleaner.class.getName());

    /** A log the cleaner may clean, with the high watermark it must stay below. */
    public record Target(PartitionLog log, LongSupplier highWatermark) {
    }

    /**
     * @param dedupeBufferBytes {@code log.cleaner.dedupe.buffer.size}
     * @param ioBufferBytes     {@code log.cleaner.io.buffer.size}
     * @param backoffMs         {@code log.cleaner.backoff.ms}
     */
    public record Settings(long dedupeBufferBytes, int ioBufferBytes, long backoffMs) {
    }

    private final Supplier<? extends Collection<Target>> targets;
    private final Settings settings;
    private final ThreadFactory threadFactory;
    private final Time time;
    private final Cleaner cleaner;
    private final Object wakeup = new Object();
    /** Logs whose pass failed; weak, so that deleted logs are forgotten. Cleaner thread only. */
    private final Set<PartitionLog> uncleanable = Collections.newSetFromMap(new WeakHashMap<>());
    /** When each log's earliest kept tombstone may go. Cleaner thread only. */
    private final Map<PartitionLog, Long> tombstoneHorizons = new WeakHashMap<>();
    private volatile boolean stopping;
    private Thread thread;

    public LogCleaner(Supplier<? extends Collection<Target>> targets, Settings settings, ThreadFactory threadFactory,
                      Time time) {
        this.targets = targets;
        this.settings = settings;
        this.threadFactory = threadFactory;
        this.time = time;
        this.cleaner = new Cleaner(settings.dedupeBufferBytes(), settings.ioBufferBytes(), time, () -> stopping);
    }

    /** Starts the cleaner thread. */
    public synchronized void start() {
        thread = threadFactory.newThread(this::run);
        thread.setName("katka-log-cleaner");
        thread.start();
    }

    private void run() {
        while (!stopping) {
            boolean cleaned;
            try {
                cleaned = cleanOnce();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "The log cleaner failed; it carries on after a pause", e);
                cleaned = false;
            }
            if (!cleaned) {
                pause();
            }
        }
    }

    private void pause() {
        synchronized (wakeup) {
            if (!stopping) {
                try {
                    wakeup.wait(Math.max(1, settings.backoffMs()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }

    /**
     * One round: cleans the log that needs it most, if any.
     *
     * @return whether a log was cleaned (then the next round follows at once)
     */
    boolean cleanOnce() {
        Target chosen = null;
        DirtyRange chosenRange = null;
        long now = time.milliseconds();
        for (Target target : targets.get()) {
            PartitionLog log = target.log();
            if (!log.config().compact() || log.isClosed() || log.isOffline() || uncleanable.contains(log)) {
                continue;
            }
            DirtyRange range = log.dirtyRange(target.highWatermark().getAsLong(), now);
            boolean tombstonesDue = tombstoneHorizons.getOrDefault(log, Long.MAX_VALUE) <= now;
            if (!range.needsCleaning(log.config()) && !tombstonesDue) {
                continue;
            }
            if (chosen == null || moreUrgent(range, chosenRange)) {
                chosen = target;
                chosenRange = range;
            }
        }
        return chosen != null && clean(chosen);
    }

    /** Logs past their max compaction lag first, then the dirtiest. */
    private static boolean moreUrgent(DirtyRange range, DirtyRange than) {
        if (range.maxLagExceeded() != than.maxLagExceeded()) {
            return range.maxLagExceeded();
        }
        return range.dirtyRatio() > than.dirtyRatio();
    }

    private boolean clean(Target target) {
        PartitionLog log = target.log();
        long startNanos = time.nanoseconds();
        try {
            Cleaner.Result result = cleaner.clean(log, target.highWatermark().getAsLong());
            tombstoneHorizons.put(log, result.earliestTombstoneHorizon());
            LOG.info(() -> "Cleaned " + log.dir().getFileName() + " up to offset " + result.cleanedTo() + ": "
                    + result.segmentsBefore() + " segments of " + result.bytesBefore() + " bytes became "
                    + result.segmentsAfter() + " of " + result.bytesAfter() + " in "
                    + (time.nanoseconds() - startNanos) / 1_000_000 + " ms");
            return true;
        } catch (Cleaner.Abandoned e) {
            LOG.fine(() -> "Cleaning of " + log.dir().getFileName() + " abandoned: " + e.getMessage());
            return false;
        } catch (IOException | KafkaException | IllegalStateException e) {
            if (log.isClosed() || e instanceof java.nio.channels.ClosedChannelException) {
                // Deleted or closed while it was cleaned, or retention closed a segment the pass was
                // reading: nothing is wrong with the log, the next pass starts afresh.
                return false;
            }
            uncleanable.add(log);
            LOG.log(Level.WARNING, "Cleaning " + log.dir() + " failed; it is not cleaned again until the broker "
                    + "restarts", e);
            return false;
        }
    }

    /** Stops the cleaner thread; a pass under way is abandoned at its next batch. */
    @Override
    public void close() throws InterruptedException {
        Thread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        synchronized (wakeup) {
            stopping = true;
            wakeup.notifyAll();
        }
        if (running != null) {
            running.join();
        }
    }
}
