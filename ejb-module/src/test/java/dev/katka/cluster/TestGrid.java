package dev.katka.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Real Hazelcast members on loopback in this JVM, one cluster per test: TCP/IP join on ports that
 * were free when the grid was made, a cluster name of its own (so grids of different tests never
 * meet). {@link #close} terminates every member still running.
 */
public final class TestGrid implements AutoCloseable {

    private final String clusterName = "katka-test-" + UUID.randomUUID();
    private final List<Integer> ports;
    private final int cpMembers;
    private final Map<Integer, HazelcastInstance> running = new HashMap<>();

    /**
     * @param size      how many member slots (ports)
     * @param cpMembers the CP member count (0: no CP subsystem)
     */
    public TestGrid(int size, int cpMembers) {
        this.ports = freePorts(size);
        this.cpMembers = cpMembers;
    }

    /** Starts (or starts again) the member in that slot. */
    public synchronized HazelcastInstance start(int slot) {
        if (running.containsKey(slot)) {
            throw new IllegalStateException("Slot " + slot + " is running");
        }
        Config config = KatkaHazelcastConfig.loopback(clusterName, ports.get(slot), ports, cpMembers);
        config.setInstanceName(clusterName + "-" + slot + "-" + UUID.randomUUID());
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
        running.put(slot, instance);
        return instance;
    }

    /** Like kill -9: the member is gone without saying goodbye. */
    public synchronized void kill(int slot) {
        HazelcastInstance instance = running.remove(slot);
        if (instance != null) {
            instance.getLifecycleService().terminate();
        }
    }

    /** A graceful shutdown: partitions are handed over first. */
    public synchronized void shutdown(int slot) {
        HazelcastInstance instance = running.remove(slot);
        if (instance != null) {
            instance.shutdown();
        }
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(running.keySet()).forEach(this::kill);
    }

    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            List<Integer> ports = new ArrayList<>();
            sockets.forEach(s -> ports.add(s.getLocalPort()));
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a probe socket
                }
            }
        }
    }
}
