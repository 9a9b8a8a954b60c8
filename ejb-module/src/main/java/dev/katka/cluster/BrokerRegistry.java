package dev.katka.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataRecordCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Which data grid member runs which broker: the map {@value #NAME}, broker id → registration,
 * member UUID and the metadata version the broker held when it wrote the entry. A member with no
 * entry runs no broker (a Payara instance with applications only) and is ignored; an entry whose
 * member is gone is a dead broker's and counts for nothing.
 *
 * <p>Values are {@code byte[]}, so members without Katka's classes can hold them. Thread-safe.
 */
final class BrokerRegistry {

    static final String NAME = "katka-brokers";
    private static final byte FORMAT = 1;
    private static final Logger LOG = Logger.getLogger(BrokerRegistry.class.getName());

    /**
     * @param appliedVersion the metadata version this broker held when it wrote the entry: used
     *                       only to pick the broker with the newest image when the log must be
     *                       rebuilt
     */
    record Registered(BrokerRegistration registration, UUID member, long appliedVersion) {

        byte[] toBytes() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(FORMAT);
                out.writeLong(member.getMostSignificantBits());
                out.writeLong(member.getLeastSignificantBits());
                out.writeLong(appliedVersion);
                out.write(MetadataRecordCodec.encode(registration));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static Registered fromBytes(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                if (in.readByte() != FORMAT) {
                    throw new IllegalArgumentException("Unknown broker registration format " + bytes[0]);
                }
                UUID member = new UUID(in.readLong(), in.readLong());
                long applied = in.readLong();
                return new Registered(MetadataRecordCodec.decodeRegistration(in.readAllBytes()), member, applied);
            } catch (IOException e) {
                throw new IllegalArgumentException("Truncated broker registration", e);
            }
        }

        /** The same broker life on the same member (the applied version may differ). */
        boolean sameAs(Registered other) {
            return other != null && registration.equals(other.registration) && member.equals(other.member);
        }
    }

    private final IMap<Integer, byte[]> map;

    BrokerRegistry(HazelcastInstance hazelcast) {
        this.map = hazelcast.getMap(NAME);
    }

    void register(Registered broker) {
        map.set(broker.registration().id(), broker.toBytes());
    }

    /** Every entry, live or not; entries this broker cannot read are skipped (and logged). */
    Map<Integer, Registered> all() {
        Map<Integer, Registered> result = new HashMap<>();
        for (Map.Entry<Integer, byte[]> entry : map.entrySet()) {
            try {
                result.put(entry.getKey(), Registered.fromBytes(entry.getValue()));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "Ignoring the registration of broker " + entry.getKey(), e);
            }
        }
        return result;
    }

    /** Removes that entry if it still is exactly {@code broker} (not a newer life's). */
    void remove(Registered broker) {
        map.remove(broker.registration().id(), broker.toBytes());
    }

    /** Calls {@code onChange} (on a grid event thread) after any change of the registry. */
    UUID onChange(Runnable onChange) {
        return map.addEntryListener(new ChangeListener(onChange), false);
    }

    void stopListening(UUID registration) {
        map.removeEntryListener(registration);
    }

    private record ChangeListener(Runnable onChange) implements EntryAddedListener<Integer, byte[]>,
            EntryUpdatedListener<Integer, byte[]>, EntryRemovedListener<Integer, byte[]> {

        @Override
        public void entryAdded(EntryEvent<Integer, byte[]> event) {
            onChange.run();
        }

        @Override
        public void entryUpdated(EntryEvent<Integer, byte[]> event) {
            onChange.run();
        }

        @Override
        public void entryRemoved(EntryEvent<Integer, byte[]> event) {
            onChange.run();
        }
    }
}
