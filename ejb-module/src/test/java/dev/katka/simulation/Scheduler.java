package dev.katka.simulation;

import java.util.PriorityQueue;

/**
 * Simulated time: tasks run in time order, ties in the order they were scheduled. Nothing runs
 * concurrently and nothing depends on the wall clock, so a seed replays exactly.
 */
final class Scheduler {

    private record Task(long at, long sequence, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long sequence;

    long now() {
        return now;
    }

    void after(long delayMs, Runnable action) {
        tasks.add(new Task(now + Math.max(0, delayMs), sequence++, action));
    }

    /** Runs the next task, if it is due by {@code until}; false when none is. */
    boolean runNext(long until) {
        Task next = tasks.peek();
        if (next == null || next.at > until) {
            now = Math.max(now, until);
            return false;
        }
        tasks.poll();
        now = next.at;
        next.action.run();
        return true;
    }
}
