package dev.katka.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicReference;
import com.hazelcast.map.IMap;

/**
 * Where the metadata log's head lives: one value, read and compare-and-set as bytes.
 *
 * <p>With the CP subsystem it is a Raft-replicated {@link IAtomicReference}: linearizable, and
 * a minority cut off from the CP group can neither read nor change it, so a controller on the
 * wrong side of a network split cannot commit. Without CP it is one key of an {@link IMap}
 * ({@code replace(key, old, new)} is atomic on the key's partition owner and synchronously backed
 * up), which is linearizable only while the grid is not split: see {@link ControllerElection}.
 *
 * <p>Thread-safe (the grid's proxies are). Making one does not wait for the grid.
 */
interface HeadStore {

    String NAME = "katka-metadata-head";

    /** The head's bytes, or null when there is no log (a new cluster, or the log was lost). */
    byte[] get();

    /** Sets {@code next} if the head still is {@code expected} (null: absent). */
    boolean compareAndSet(byte[] expected, byte[] next);

    static HeadStore of(HazelcastInstance hazelcast, boolean cp) {
        if (cp) {
            return new HeadStore() {
                // Made on first use: getting a CP proxy waits until the CP subsystem has formed,
                // which it does only once enough members have started.
                private volatile IAtomicReference<byte[]> reference;

                private IAtomicReference<byte[]> reference() {
                    IAtomicReference<byte[]> made = reference;
                    if (made == null) {
                        made = hazelcast.getCPSubsystem().getAtomicReference(NAME);
                        reference = made;
                    }
                    return made;
                }

                @Override
                public byte[] get() {
                    return reference().get();
                }

                @Override
                public boolean compareAndSet(byte[] expected, byte[] next) {
                    return reference().compareAndSet(expected, next);
                }
            };
        }
        IMap<String, byte[]> map = hazelcast.getMap(NAME);
        String key = "head";
        return new HeadStore() {
            @Override
            public byte[] get() {
                return map.get(key);
            }

            @Override
            public boolean compareAndSet(byte[] expected, byte[] next) {
                return expected == null ? map.putIfAbsent(key, next) == null : map.replace(key, expected, next);
            }
        };
    }
}
