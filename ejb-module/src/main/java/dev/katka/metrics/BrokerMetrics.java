package dev.katka.metrics;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one broker: traffic per topic, requests per API, ISR changes of the partitions
 * it leads. Plain Java, so the broker core counts without knowing who reads the numbers; the
 * container exports them (MicroProfile Metrics), tests read them directly.
 *
 * <p>Numbers only grow while the broker runs; a restart starts them from zero. Thread-safe.
 */
public final class BrokerMetrics {

    private final ConcurrentMap<String, TopicTraffic> topics = new ConcurrentHashMap<>();
    private final RequestStats requests = new RequestStats();
    private final LongAdder isrShrinks = new LongAdder();
    private final LongAdder isrExpansions = new LongAdder();

    /** The traffic of {@code topic}; the same instance for every caller until {@link #forget}. */
    public TopicTraffic topic(String topic) {
        return topics.computeIfAbsent(topic, TopicTraffic::new);
    }

    /** The topic was deleted (or no longer has a replica here): stop reporting it. */
    public void forget(String topic) {
        topics.remove(topic);
    }

    /** Every topic with a replica on this broker. */
    public Collection<TopicTraffic> topics() {
        return Collections.unmodifiableCollection(topics.values());
    }

    public RequestStats requests() {
        return requests;
    }

    /** A partition this broker leads removed followers from its in-sync replicas. */
    public void isrShrank() {
        isrShrinks.increment();
    }

    /** A partition this broker leads added followers to its in-sync replicas. */
    public void isrExpanded() {
        isrExpansions.increment();
    }

    public long isrShrinks() {
        return isrShrinks.sum();
    }

    public long isrExpansions() {
        return isrExpansions.sum();
    }
}
