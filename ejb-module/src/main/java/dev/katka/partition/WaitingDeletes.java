package dev.katka.partition;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * DeleteRecords requests a leader has carried out, waiting until every in-sync replica has
 * deleted the records too: until the partition's low watermark reaches the offset they deleted
 * below (Kafka's delayed DeleteRecords). Each is answered with the low watermark, or fails when
 * its time is up or the leader steps down.
 *
 * <p>Not thread-safe: the partition calls it under its lock and runs the answers it returns (as
 * {@link Runnable}s) after releasing the lock.
 */
final class WaitingDeletes {

    private record Waiting(long offset, long deadline, CompletableFuture<Long> answer) {
    }

    private final List<Waiting> waiting = new ArrayList<>();

    /** Waits until the low watermark reaches {@code offset}, or {@code deadline} (in the partition's clock). */
    CompletableFuture<Long> add(long offset, long deadline) {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        waiting.add(new Waiting(offset, deadline, answer));
        return answer;
    }

    /**
     * The answers due now: those the low watermark reached, and those whose time is up.
     *
     * @param lowWatermark the partition's low watermark now
     */
    List<Runnable> settle(long lowWatermark, long now) {
        if (waiting.isEmpty()) {
            return List.of();
        }
        List<Runnable> due = new ArrayList<>();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting delete = it.next();
            if (lowWatermark >= delete.offset) {
                due.add(() -> delete.answer.complete(lowWatermark));
                it.remove();
            } else if (delete.deadline <= now) {
                due.add(() -> delete.answer.completeExceptionally(new TimeoutException("The in-sync replicas had "
                        + "deleted the records up to offset " + lowWatermark + ", not " + delete.offset
                        + ", when the request timed out; they follow the leader's log start as they fetch.")));
                it.remove();
            }
        }
        return due;
    }

    /** Every waiting request fails with {@code error} (the leader stepped down or the replica left). */
    List<Runnable> abandon(Supplier<ApiException> error) {
        List<Runnable> due = new ArrayList<>(waiting.size());
        for (Waiting delete : waiting) {
            due.add(() -> delete.answer.completeExceptionally(error.get()));
        }
        waiting.clear();
        return due;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }
}
