package dev.katka.log;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;

/**
 * Segments removed from a log (by retention or truncation) whose files wait, renamed
 * {@code *.deleted} and still open, for {@code file.delete.delay.ms} to pass: a fetch that is
 * already sending one of them finishes. {@link PartitionLog#runMaintenance()} drives the removal,
 * so no thread of its own is needed.
 *
 * <p>Thread-safe (synchronized): the log's writers add, maintenance removes.
 */
final class DeletedSegments {

    private static final Logger LOG = Logger.getLogger(DeletedSegments.class.getName());

    private record Waiting(LogSegment segment, long deleteAtMs) {
    }

    private final Deque<Waiting> waiting = new ArrayDeque<>();

    synchronized void add(LogSegment segment, long deleteAtMs) {
        waiting.addLast(new Waiting(segment, deleteAtMs));
    }

    /** Removes the files whose delay has passed by {@code now}. */
    synchronized void deleteDue(long now) {
        waiting.removeIf(entry -> {
            if (entry.deleteAtMs() > now) {
                return false;
            }
            delete(entry.segment());
            return true;
        });
    }

    /** Removes every waiting file now: the log is closing. */
    synchronized void deleteAll() {
        waiting.forEach(entry -> delete(entry.segment()));
        waiting.clear();
    }

    synchronized int size() {
        return waiting.size();
    }

    private static void delete(LogSegment segment) {
        try {
            segment.deleteFiles();
        } catch (IOException e) {
            // A leftover *.deleted file is harmless: the next open removes it.
            LOG.warning(() -> "Cannot delete the files of " + segment + ": " + e);
        }
    }
}
