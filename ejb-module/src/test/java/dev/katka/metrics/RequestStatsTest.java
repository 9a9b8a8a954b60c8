package dev.katka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** The latency histogram Prometheus reads: cumulative buckets with inclusive upper bounds, per API. */
class RequestStatsTest {

    private final RequestStats stats = new RequestStats();

    @Test
    void requestsAreCountedInTheFirstBucketTheirTimeFitsAndInEveryBucketAbove() {
        stats.answered(ApiKeys.FETCH, TimeUnit.MICROSECONDS.toNanos(300));
        stats.answered(ApiKeys.FETCH, TimeUnit.MICROSECONDS.toNanos(500)); // on the bound: le is "at most"
        stats.answered(ApiKeys.FETCH, TimeUnit.MILLISECONDS.toNanos(7));
        stats.answered(ApiKeys.FETCH, TimeUnit.SECONDS.toNanos(45));

        assertThat(stats.countWithin(ApiKeys.FETCH, bucket(0.0005))).isEqualTo(2);
        assertThat(stats.countWithin(ApiKeys.FETCH, bucket(0.005))).isEqualTo(2);
        assertThat(stats.countWithin(ApiKeys.FETCH, bucket(0.01))).isEqualTo(3);
        assertThat(stats.countWithin(ApiKeys.FETCH, bucket(30))).isEqualTo(3);
        assertThat(stats.count(ApiKeys.FETCH)).isEqualTo(4);
        assertThat(stats.totalNanos(ApiKeys.FETCH)).isEqualTo(TimeUnit.MICROSECONDS.toNanos(300 + 500 + 7_000 + 45_000_000));
    }

    @Test
    void everyApiHasItsOwnHistogram() {
        stats.answered(ApiKeys.PRODUCE, TimeUnit.MILLISECONDS.toNanos(2));

        assertThat(stats.count(ApiKeys.PRODUCE)).isEqualTo(1);
        assertThat(stats.count(ApiKeys.FETCH)).isZero();
        assertThat(stats.countWithin(ApiKeys.FETCH, bucket(30))).isZero();
        assertThat(stats.totalNanos(ApiKeys.METADATA)).isZero();
    }

    private static int bucket(double seconds) {
        int index = Arrays.binarySearch(RequestStats.BUCKET_BOUNDS_SECONDS, seconds);
        assertThat(index).as("a bucket bound of %s s", seconds).isNotNegative();
        return index;
    }
}
