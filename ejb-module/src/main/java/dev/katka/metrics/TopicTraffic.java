package dev.katka.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one topic took in from producers and gave out to consumers on this broker, since it
 * started: bytes as they travel (record batches, compressed if the producer compressed them) and
 * messages (records).
 *
 * <p>Every partition of the topic holds the same instance, resolved once when the partition is
 * opened, so counting on the produce and fetch paths is an add to a {@link LongAdder}: no lock, no
 * lookup, no allocation. Thread-safe.
 *
 * <p>Messages out counts the offsets a consumer fetch delivered from its fetch offset on; on a
 * compacted topic this includes the offsets compaction removed, so it may exceed the records sent.
 * Follower fetches (replication) are not counted.
 */
public final class TopicTraffic {

    private final String topic;
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();

    TopicTraffic(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** A producer's records were appended. */
    public void received(long bytes, long messages) {
        bytesIn.add(bytes);
        messagesIn.add(messages);
    }

    /** A consumer fetch sent records. */
    public void sent(long bytes, long messages) {
        bytesOut.add(bytes);
        messagesOut.add(messages);
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long messagesIn() {
        return messagesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long messagesOut() {
        return messagesOut.sum();
    }
}
