package dev.katka.admin;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What each live broker's log directory holds (DescribeLogDirs, which every broker answers for
 * itself): the size of every replica and the space of the volume. A broker that does not answer
 * in time is left out, so its figures are unknown rather than the page failing.
 *
 * <p>Immutable; thread-safe.
 */
final class LogDirs {

    private static final Logger LOG = Logger.getLogger(LogDirs.class.getName());
    /** A console page waits for this at most: a slow broker's sizes show as unknown. */
    private static final int TIMEOUT_MS = 5_000;

    private final Map<Integer, LogDirDescription> byBroker;

    private LogDirs(Map<Integer, LogDirDescription> byBroker) {
        this.byBroker = byBroker;
    }

    /** Asks {@code brokers} (live ones: a broker the client cannot reach would cost the whole timeout). */
    static LogDirs read(Admin admin, Collection<Integer> brokers) {
        Map<Integer, KafkaFuture<Map<String, LogDirDescription>>> answers = admin.describeLogDirs(brokers,
                new DescribeLogDirsOptions().timeoutMs(TIMEOUT_MS)).descriptions();
        Map<Integer, LogDirDescription> byBroker = new HashMap<>();
        answers.forEach((broker, answer) -> awaitDir(broker, answer).ifPresent(dir -> byBroker.put(broker, dir)));
        return new LogDirs(byBroker);
    }

    private static Optional<LogDirDescription> awaitDir(int broker, KafkaFuture<Map<String, LogDirDescription>> answer) {
        try {
            // A Katka broker has one log directory: its data directory.
            return answer.get(TIMEOUT_MS * 2L, TimeUnit.MILLISECONDS).values().stream().findFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.FINE, "Broker " + broker + " did not describe its log directory", e);
            return Optional.empty();
        }
    }

    /** The size of {@code broker}'s replica of {@code partition}, if that broker answered and holds one. */
    Optional<Long> replicaSize(int broker, TopicPartition partition) {
        return Optional.ofNullable(byBroker.get(broker))
                .map(dir -> dir.replicaInfos().get(partition))
                .map(ReplicaInfo::size);
    }

    /**
     * The size of a partition: its leader's replica, or while it has no leader (or the leader did
     * not answer) the largest replica that did.
     */
    Long partitionSize(TopicPartition partition, int leader, List<Integer> replicas) {
        return replicaSize(leader, partition).or(() -> replicas.stream()
                        .map(replica -> replicaSize(replica, partition))
                        .flatMap(Optional::stream)
                        .max(Long::compare))
                .orElse(null);
    }

    /** What {@code broker}'s log directory says of itself, if it answered. */
    Optional<DiskUsage> usage(int broker) {
        return Optional.ofNullable(byBroker.get(broker)).map(dir -> new DiskUsage(
                dir.replicaInfos().values().stream().mapToLong(ReplicaInfo::size).sum(),
                dir.totalBytes().isPresent() ? dir.totalBytes().getAsLong() : null,
                dir.usableBytes().isPresent() ? dir.usableBytes().getAsLong() : null));
    }
}
