package dev.katka.broker;

import dev.katka.cluster.ClusterCoordination;
import dev.katka.cluster.HazelcastCoordination;
import dev.katka.cluster.TestGrid;
import dev.katka.config.BrokerConfig;
import dev.katka.metadata.H2Metadata;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Time;

/**
 * A real broker in this JVM, on a loopback port of its own, with its data and metadata database
 * in a directory of the test's. It can be stopped and started again on the same directory.
 *
 * <p>For tests that drive the broker with real Kafka clients without a container; the container
 * and the packaging are tested with real Payara Micro processes in {@code server-config}.
 */
public final class TestBroker implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, Object> overrides;
    private final Supplier<ClusterCoordination> coordination;
    private H2Metadata metadata;
    private Broker broker;

    private TestBroker(Path dataDir, Map<String, Object> overrides, Supplier<ClusterCoordination> coordination) {
        this.dataDir = dataDir;
        this.overrides = overrides;
        this.coordination = coordination;
    }

    /** Starts a broker that runs alone; {@code overrides} are broker properties (Kafka names). */
    public static TestBroker start(Path dataDir, Map<String, ?> overrides) {
        return start(dataDir, overrides, () -> null);
    }

    /**
     * Starts a broker of a cluster; {@code coordination} gives it its membership in the cluster
     * at every (re)start.
     */
    public static TestBroker start(Path dataDir, Map<String, ?> overrides, Supplier<ClusterCoordination> coordination) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(BrokerConfig.DATA_DIR, dataDir.toString());
        properties.put(BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0");
        properties.put(BrokerConfig.NUM_NETWORK_THREADS, "2");
        properties.putAll(overrides);
        TestBroker broker = new TestBroker(dataDir, properties, coordination);
        broker.startAgain();
        return broker;
    }

    public static TestBroker start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /**
     * Broker {@code id} of a cluster on {@code grid}: its data in {@code dir/broker-ID}, its grid
     * member in slot ID - 1 (a new member at every restart).
     */
    public static TestBroker startInGrid(Path dir, TestGrid grid, int id, Map<String, ?> overrides) {
        Map<String, Object> properties = new HashMap<>(overrides);
        properties.put(BrokerConfig.NODE_ID, String.valueOf(id));
        return start(dir.resolve("broker-" + id), properties, () -> new HazelcastCoordination(grid.start(id - 1)));
    }

    /** Client properties that bootstrap from every broker of {@code brokers} that is running. */
    public static Properties clientProperties(Collection<TestBroker> brokers) {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers.stream().filter(b -> b.broker() != null)
                .map(TestBroker::bootstrapServers).collect(Collectors.joining(",")));
        return properties;
    }

    /** Starts the broker again on the same data directory (on a new port unless one was configured). */
    public void startAgain() {
        metadata = H2Metadata.open(dataDir);
        broker = new Broker(BrokerConfig.parse(overrides), metadata.store(), coordination.get(), daemonThreads(),
                Time.SYSTEM);
        try {
            broker.start();
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
    }

    /** Stops the broker gracefully. */
    public void stop() {
        if (broker != null) {
            broker.stop();
            metadata.close();
            broker = null;
        }
    }

    public Broker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.advertisedListener().hostPort();
    }

    /** Client properties with the bootstrap address set. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return properties;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        stop();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "katka-test-broker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
