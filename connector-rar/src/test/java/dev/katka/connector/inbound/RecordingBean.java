package dev.katka.connector.inbound;

import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.api.KatkaListener;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A message-driven bean for tests: it records what it was given and when it returned, how many
 * deliveries ran at once, and whether two deliveries of one partition ever overlapped. What it
 * does with a record (fail, roll back, take its time) is the test's {@link Behaviour}.
 *
 * <p>Thread-safe: the adapter calls it from several workers.
 */
final class RecordingBean implements KatkaListener {

    /** What the bean does with a record, given how many times it was delivered before. */
    @FunctionalInterface
    interface Behaviour {
        void onRecord(IncomingRecord record, int earlierAttempts) throws Exception;
    }

    /** A delivery the bean returned from normally. */
    record Delivery(String topic, int partition, long offset, String key, String value) {
    }

    private final Behaviour behaviour;
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Delivery> delivered = new ConcurrentLinkedQueue<>();
    private final Set<String> partitionsInProgress = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> overlaps = new ConcurrentLinkedQueue<>();

    RecordingBean(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    RecordingBean() {
        this((record, earlierAttempts) -> {
        });
    }

    @Override
    public void onRecord(IncomingRecord record) throws Exception {
        String partition = record.topic() + "-" + record.partition();
        if (!partitionsInProgress.add(partition)) {
            overlaps.add(partition + "@" + record.offset());
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            int earlier = attempts.computeIfAbsent(partition + "@" + record.offset(), k -> new AtomicInteger())
                    .getAndIncrement();
            behaviour.onRecord(record, earlier);
            delivered.add(new Delivery(record.topic(), record.partition(), record.offset(), record.keyAsString(),
                    record.valueAsString()));
        } finally {
            inFlight.decrementAndGet();
            partitionsInProgress.remove(partition);
        }
    }

    /** The deliveries the bean returned from normally, in the order it returned. */
    List<Delivery> delivered() {
        return List.copyOf(delivered);
    }

    int deliveredCount() {
        return delivered.size();
    }

    /** How many times the record at {@code offset} of {@code topic}-{@code partition} was delivered. */
    int attempts(String topic, int partition, long offset) {
        AtomicInteger count = attempts.get(topic + "-" + partition + "@" + offset);
        return count == null ? 0 : count.get();
    }

    /** The most deliveries that ran at once. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Records delivered while another record of their partition was being delivered. */
    List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    /** The offsets delivered per partition, in the order they were delivered. */
    Map<Integer, List<Long>> offsetsByPartition() {
        return delivered().stream().collect(Collectors.groupingBy(Delivery::partition,
                Collectors.mapping(Delivery::offset, Collectors.toList())));
    }
}
