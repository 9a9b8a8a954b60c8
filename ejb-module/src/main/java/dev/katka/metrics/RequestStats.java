package dev.katka.metrics;

import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * How many requests of each Kafka API this broker answered and how long they took, from the
 * moment the request was read off the socket to the moment its response was ready (a Fetch's
 * long poll and an acks=all Produce's wait for the replicas included), as a histogram with fixed
 * buckets: what Prometheus' {@code histogram_quantile} turns into a p99 per API.
 *
 * <p>Counters live in arrays indexed by API key, filled when this object is made, so recording is
 * a scan of the bucket bounds and two {@link LongAdder} adds: no lock, no lookup, no
 * allocation. Thread-safe; a reader sees each counter as of some moment during its read, so a
 * bucket may already count a request the total time does not include yet.
 */
public final class RequestStats {

    /**
     * The upper bounds of the buckets in seconds, from half a millisecond (a Metadata answer) to
     * 30 s (a Produce with acks=all waiting for a slow replica); a last bucket takes the rest.
     */
    public static final double[] BUCKET_BOUNDS_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
        0.25, 0.5, 1, 2.5, 5, 10, 30};
    private static final int BUCKETS = BUCKET_BOUNDS_SECONDS.length + 1;

    private final long[] boundsNanos = new long[BUCKET_BOUNDS_SECONDS.length];
    /** Per API key: requests by bucket, the last one unbounded. */
    private final LongAdder[][] buckets;
    private final LongAdder[] nanos;

    RequestStats() {
        for (int i = 0; i < boundsNanos.length; i++) {
            boundsNanos[i] = Math.round(BUCKET_BOUNDS_SECONDS[i] * 1e9);
        }
        int size = 0;
        for (ApiKeys api : ApiKeys.values()) {
            size = Math.max(size, api.id + 1);
        }
        buckets = new LongAdder[size][];
        nanos = new LongAdder[size];
        for (ApiKeys api : ApiKeys.values()) {
            buckets[api.id] = new LongAdder[BUCKETS];
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                buckets[api.id][bucket] = new LongAdder();
            }
            nanos[api.id] = new LongAdder();
        }
    }

    /** One request of {@code api} was answered after {@code elapsedNanos}. */
    public void answered(ApiKeys api, long elapsedNanos) {
        int bucket = 0;
        while (bucket < boundsNanos.length && elapsedNanos > boundsNanos[bucket]) {
            bucket++;
        }
        buckets[api.id][bucket].increment();
        nanos[api.id].add(elapsedNanos);
    }

    /** Every request of {@code api} answered so far. */
    public long count(ApiKeys api) {
        long count = 0;
        for (LongAdder bucket : buckets[api.id]) {
            count += bucket.sum();
        }
        return count;
    }

    /**
     * The requests of {@code api} answered within {@code BUCKET_BOUNDS_SECONDS[bucket]}: a
     * cumulative count, as Prometheus' {@code le} buckets are.
     */
    public long countWithin(ApiKeys api, int bucket) {
        long count = 0;
        for (int i = 0; i <= bucket; i++) {
            count += buckets[api.id][i].sum();
        }
        return count;
    }

    /** The time all requests of {@code api} took together, in nanoseconds. */
    public long totalNanos(ApiKeys api) {
        return nanos[api.id].sum();
    }
}
