package dev.katka.connector.deployment.inbound;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the test application's message-driven beans received, for the test to ask over HTTP.
 * Thread-safe: beans of several partitions record at once.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Deliveries {

    /** topic -> key -> the values of that key in the order they arrived. */
    private final Map<String, Map<String, List<String>>> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    /** A delivery starts; {@link #finished} when it ends. */
    public void started() {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    public void finished() {
        inFlight.decrementAndGet();
    }

    public void attempted(String value) {
        attempts.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
    }

    public void received(String topic, String key, String value) {
        List<String> values = received.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (values) {
            values.add(value);
        }
    }

    /** A summary of one topic, as JSON. */
    public String summary(String topic) {
        Map<String, List<String>> byKey = received.getOrDefault(topic, Map.of());
        int count = 0;
        boolean inOrder = true;
        for (List<String> values : byKey.values()) {
            synchronized (values) {
                count += values.size();
                for (int i = 1; i < values.size(); i++) {
                    inOrder &= sequence(values.get(i - 1)) < sequence(values.get(i));
                }
            }
        }
        return "{\"count\":" + count + ",\"keys\":" + byKey.size() + ",\"inOrder\":" + inOrder
                + ",\"mostInFlight\":" + mostInFlight.get() + "}";
    }

    /** How often the bean was handed {@code value}. */
    public int attempts(String value) {
        AtomicInteger count = attempts.get(value);
        return count == null ? 0 : count.get();
    }

    /** Values are "key:sequence". */
    private static int sequence(String value) {
        return Integer.parseInt(value.substring(value.lastIndexOf(':') + 1));
    }
}
