package dev.katka.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import java.time.Duration;
import java.util.concurrent.Executors;

/** One broker's coordination on a grid member, with a recording listener. */
final class TestBroker implements AutoCloseable {

    static final HazelcastCoordination.Settings FAST =
            new HazelcastCoordination.Settings(Duration.ofMillis(100), 10_000, Duration.ofMillis(200));

    final int id;
    final int slot;
    final HazelcastInstance member;
    final HazelcastCoordination coordination;
    final RecordingListener events;
    final BrokerRegistration registration;

    private TestBroker(int id, int slot, HazelcastInstance member, HazelcastCoordination coordination,
                       RecordingListener events, BrokerRegistration registration) {
        this.id = id;
        this.slot = slot;
        this.member = member;
        this.coordination = coordination;
        this.events = events;
        this.registration = registration;
    }

    static TestBroker start(TestGrid grid, int slot, int id, long incarnation, MetadataImage applied,
                            HazelcastCoordination.Settings settings) {
        return join(grid.start(slot), slot, id, incarnation, applied, settings);
    }

    /** A broker on a member already running. */
    static TestBroker join(HazelcastInstance member, int slot, int id, long incarnation, MetadataImage applied,
                           HazelcastCoordination.Settings settings) {
        HazelcastCoordination coordination = new HazelcastCoordination(member, settings,
                Executors.defaultThreadFactory());
        RecordingListener events = new RecordingListener(applied);
        BrokerRegistration registration = new BrokerRegistration(id, "broker" + id, 9092 + id, null, incarnation);
        coordination.join(registration, applied, events);
        return new TestBroker(id, slot, member, coordination, events, registration);
    }

    static TestBroker start(TestGrid grid, int slot, int id) {
        return start(grid, slot, id, 1, MetadataImage.EMPTY, FAST);
    }

    boolean isController() {
        return events.epoch() > 0;
    }

    /** Each listener saw its events on one thread only, and nothing it received was out of order. */
    void assertWellBehaved() {
        assertThat(events.failures()).isEmpty();
        assertThat(events.threads()).hasSizeLessThanOrEqualTo(1);
    }

    @Override
    public void close() {
        coordination.close();
    }
}
