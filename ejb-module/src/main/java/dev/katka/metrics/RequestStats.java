package dev.katka.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * How many requests of each Kafka API this broker answered and how long they took, from the
 * moment the request was read off the socket to the moment its response was ready (a Fetch's
 * long poll and an acks=all Produce's wait for the replicas included).
 *
 * <p>Counters live in arrays indexed by API key, filled when this object is made, so recording is
 * two {@link LongAdder} adds: no lock, no lookup, no allocation. Thread-safe.
 */
public final class RequestStats {

    private final LongAdder[] counts;
    private final LongAdder[] nanos;

    RequestStats() {
        int size = 0;
        for (ApiKeys api : ApiKeys.values()) {
            size = Math.max(size, api.id + 1);
        }
        counts = new LongAdder[size];
        nanos = new LongAdder[size];
        for (ApiKeys api : ApiKeys.values()) {
            counts[api.id] = new LongAdder();
            nanos[api.id] = new LongAdder();
        }
    }

    /** One request of {@code api} was answered after {@code elapsedNanos}. */
    public void answered(ApiKeys api, long elapsedNanos) {
        counts[api.id].increment();
        nanos[api.id].add(elapsedNanos);
    }

    public long count(ApiKeys api) {
        return counts[api.id].sum();
    }

    /** The time all requests of {@code api} took together, in nanoseconds. */
    public long totalNanos(ApiKeys api) {
        return nanos[api.id].sum();
    }
}
