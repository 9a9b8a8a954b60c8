package dev.katka.log;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Time;

/** A clock that moves only when a test says so; {@link #sleep} advances it instead of waiting. */
public final class ManualTime implements Time {

    private volatile long nowMs;

    public ManualTime(long startMs) {
        this.nowMs = startMs;
    }

    public ManualTime() {
        this(1_700_000_000_000L);
    }

    public void advance(long ms) {
        nowMs += ms;
    }

    @Override
    public long milliseconds() {
        return nowMs;
    }

    @Override
    public long nanoseconds() {
        return TimeUnit.MILLISECONDS.toNanos(nowMs);
    }

    @Override
    public void sleep(long ms) {
        advance(ms);
    }
}
