package dev.katka.broker;

import dev.katka.log.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import dev.katka.metadata.MetadataStore.BrokerIdentity;
import org.apache.kafka.common.Uuid;

/**
 * A broker's data directory, held exclusively while the broker runs.
 *
 * <p>Layout of what this class owns:
 * <pre>
 *   .lock            an OS file lock, held from {@link #lock} to {@link #close}
 *   meta.properties  version=1, cluster.id=&lt;base64 uuid&gt;, node.id=&lt;int&gt;; written once
 * </pre>
 * A second broker on the same directory, in this process or another, is refused; so is a broker
 * whose {@code node.id} differs from the one the directory was created with.
 *
 * <p>Not thread-safe: used by the broker's life-cycle thread.
 */
public final class DataDirectory implements AutoCloseable {

    static final String META_PROPERTIES = "meta.properties";
    private static final String LOCK_FILE = ".lock";

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and takes its lock.
     *
     * @throws BrokerStartupException when it cannot be created or another broker holds it
     */
    public static DataDirectory lock(Path path) {
        FileChannel channel = null;
        try {
            Files.createDirectories(path);
            channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new BrokerStartupException("Data directory " + path + " is in use by another broker.");
            }
            return new DataDirectory(path, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new BrokerStartupException("Data directory " + path + " is in use by another broker in this process.");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BrokerStartupException("Cannot use data directory " + path + ": " + e.getMessage(), e);
        } catch (BrokerStartupException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /**
     * The identity recorded in {@code meta.properties}; on first use, records a new cluster id
     * with the given node id.
     *
     * @throws BrokerStartupException when the file names another node id, or is unreadable
     */
    public BrokerIdentity identity(int nodeId) {
        Path file = path.resolve(META_PROPERTIES);
        try {
            if (!Files.exists(file)) {
                BrokerIdentity created = new BrokerIdentity(Uuid.randomUuid().toString(), nodeId);
                write(file, created);
                return created;
            }
            BrokerIdentity stored = read(file);
            if (stored.nodeId() != nodeId) {
                throw new BrokerStartupException("Data directory " + path + " belongs to node " + stored.nodeId()
                        + " but this broker is configured as node.id=" + nodeId + ".");
            }
            return stored;
        } catch (IOException e) {
            throw new BrokerStartupException("Cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records {@code clusterId} as this broker's cluster in {@code meta.properties}: a broker
     * joining a cluster on its first start takes the cluster's id.
     */
    public BrokerIdentity adoptClusterId(BrokerIdentity identity, String clusterId) {
        BrokerIdentity adopted = new BrokerIdentity(clusterId, identity.nodeId());
        Path file = path.resolve(META_PROPERTIES);
        try {
            write(file, adopted);
        } catch (IOException e) {
            throw new BrokerStartupException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return adopted;
    }

    private static BrokerIdentity read(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        String clusterId = properties.getProperty("cluster.id");
        String nodeId = properties.getProperty("node.id");
        if (clusterId == null || nodeId == null) {
            throw new BrokerStartupException(file + " lacks cluster.id or node.id.");
        }
        try {
            return new BrokerIdentity(clusterId, Integer.parseInt(nodeId.trim()));
        } catch (NumberFormatException e) {
            throw new BrokerStartupException(file + " has node.id '" + nodeId + "', which is not a number.");
        }
    }

    private static void write(Path file, BrokerIdentity identity) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("version", "1");
        properties.setProperty("cluster.id", identity.clusterId());
        properties.setProperty("node.id", Integer.toString(identity.nodeId()));
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        properties.store(content, "Katka broker identity: do not edit");
        AtomicFile.replace(file, ByteBuffer.wrap(content.toByteArray()));
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
