package dev.katka.connector.inbound;

import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container's work manager, for tests without a container: each work runs on a thread of
 * its own, as it would on a thread of the container's pool.
 *
 * <p>Thread-safe.
 */
final class ThreadPerWorkManager implements WorkManager {

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    /** Whether every work it started has ended. */
    boolean allWorkEnded() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void doWork(Work work) {
        work.run();
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        work.run();
    }

    @Override
    public long startWork(Work work) {
        start(work);
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        start(work);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) {
        start(work);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
        start(work);
    }

    private void start(Work work) {
        Thread thread = new Thread(work, "test-work-" + count.incrementAndGet() + "-" + work.getClass().getSimpleName());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }
}
