package dev.katka.protocol;

import dev.katka.partition.Partition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.netty.util.concurrent.EventExecutor;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * A fetch waiting for data: answered as soon as appends bring {@code minBytes}, or when
 * {@code maxWaitMs} has passed with whatever is there.
 *
 * <p>It listens to the appends of its partitions. An append only schedules a re-read on the
 * fetch's own event loop (at most one pending at a time), so the producer's thread does no
 * reading and the fetch's state is touched by one thread only. Listening starts before the
 * first re-read, so an append between the first read and the registration is not missed.
 */
final class FetchWait {

    private final FetchHandler.Plan plan;
    private final EventExecutor executor;
    private final int minBytes;
    private final int maxWaitMs;
    private final List<Partition> partitions;
    private final CompletableFuture<AbstractResponse> result = new CompletableFuture<>();
    private final AtomicBoolean recheckScheduled = new AtomicBoolean();
    private final Runnable onAppend = this::scheduleRecheck;
    private ScheduledFuture<?> timeout;

    FetchWait(FetchHandler.Plan plan, EventExecutor executor, int minBytes, int maxWaitMs) {
        this.plan = plan;
        this.executor = executor;
        this.minBytes = minBytes;
        this.maxWaitMs = maxWaitMs;
        this.partitions = plan.partitions();
    }

    /** Starts waiting; call on the fetch's event loop. */
    CompletionStage<AbstractResponse> start() {
        partitions.forEach(p -> p.addAppendListener(onAppend));
        timeout = executor.schedule(this::expire, maxWaitMs, TimeUnit.MILLISECONDS);
        scheduleRecheck();
        return result;
    }

    private void scheduleRecheck() {
        if (recheckScheduled.compareAndSet(false, true)) {
            executor.execute(this::recheck);
        }
    }

    private void recheck() {
        recheckScheduled.set(false);
        if (result.isDone()) {
            return;
        }
        FetchHandler.Read read = plan.read();
        if (read.satisfies(minBytes)) {
            finish(read);
        }
    }

    private void expire() {
        if (!result.isDone()) {
            finish(plan.read());
        }
    }

    private void finish(FetchHandler.Read read) {
        partitions.forEach(p -> p.removeAppendListener(onAppend));
        if (timeout != null) {
            timeout.cancel(false);
        }
        result.complete(read.response());
    }

    /** Answers now with what is there; used when the broker shuts down. */
    void completeNow() {
        executor.execute(this::expire);
    }
}
