package dev.katka.partition;

import dev.katka.log.LogCleaner;
import dev.katka.metrics.BrokerMetrics;
import dev.katka.log.PartitionLog;
import dev.katka.metadata.BrokerMetadata;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.PartitionState;
import dev.katka.metadata.TopicImage;
import dev.katka.replication.PartitionReplicaLog;
import dev.katka.topic.TopicConfigs;
import dev.katka.topic.TopicConfigs.TopicSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/**
 * The partitions this broker holds a replica of, each with its log in
 * {@code <data.dir>/<topic>-<partition>/}.
 *
 * <p>Follows the metadata image: a partition assigned to this broker gets its log (recovered if
 * it exists) and its replica takes the role the image gives it; a changed partition state or topic
 * config reaches the replica and the log at once; a deleted topic, or a replica moved away, loses
 * its log. High watermarks are checkpointed in {@link HighWatermarkCheckpoint} so a restarted
 * replica knows what was committed.
 *
 * <p>Thread-safety: lookups are lock-free; images arrive one at a time from
 * {@link BrokerMetadata}; {@link #runMaintenance()} and {@link #tick()} run on the scheduler
 * concurrently with appends and reads, which the logs and partitions allow.
 */
public final class PartitionRegistry implements BrokerMetadata.Listener {

    private static final Logger LOG = Logger.getLogger(PartitionRegistry.class.getName());

    /** Kafka's default {@code replica.lag.time.max.ms}. */
    private static final long REPLICA_LAG_TIME_MAX_MS = 30_000;

    private final Path dataDir;
    private final BrokerMetrics metrics;
    private final int localBrokerId;
    private final TopicConfigs configs;
    private final Time time;
    private final HighWatermarkCheckpoint checkpoint;
    private final Map<TopicPartition, Long> checkpointedAtStart;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private volatile ReplicaRequests requests;
    /** The image the partitions follow now; guarded by this. */
    private MetadataImage applied = MetadataImage.EMPTY;

    public PartitionRegistry(Path dataDir, int localBrokerId, TopicConfigs configs, ReplicaRequests requests,
                             Time time) {
        this(dataDir, localBrokerId, configs, requests, time, new BrokerMetrics());
    }

    /** @param metrics where the partitions count their traffic and ISR changes */
    public PartitionRegistry(Path dataDir, int localBrokerId, TopicConfigs configs, ReplicaRequests requests,
                             Time time, BrokerMetrics metrics) {
        this.metrics = metrics;
        this.dataDir = dataDir;
        this.localBrokerId = localBrokerId;
        this.configs = configs;
        this.requests = requests;
        this.time = time;
        this.checkpoint = new HighWatermarkCheckpoint(dataDir);
        this.checkpointedAtStart = checkpoint.read();
    }

    public Optional<Partition> get(TopicPartition partition) {
        return Optional.ofNullable(partitions.get(partition));
    }

    public Collection<Partition> all() {
        return partitions.values();
    }

    /**
     * Follows a new image. The difference is taken from the image this registry applied last, not
     * from {@code before}: a broker that joins a cluster starts following with the first image it
     * receives after catching up, not with the one it saved before it stopped.
     */
    @Override
    public synchronized void imageChanged(MetadataImage ignored, MetadataImage after) {
        MetadataImage before = applied;
        applied = after;
        for (TopicImage topic : after.topics().values()) {
            TopicImage previous = before.topics().get(topic.id());
            if (previous != topic) {
                follow(previous, topic);
            }
        }
        for (TopicImage topic : before.topics().values()) {
            if (!after.topics().containsKey(topic.id())) {
                LOG.info(() -> "Deleting the replicas of deleted topic " + topic.name() + " (" + topic.id() + ")");
                for (int p = 0; p < topic.partitions().size(); p++) {
                    drop(new TopicPartition(topic.name(), p));
                }
                metrics.forget(topic.name());
            }
        }
    }

    /** Brings this broker's replicas of one topic in line with its image. */
    private void follow(TopicImage previous, TopicImage topic) {
        TopicSettings settings = configs.effective(topic.configs());
        boolean configChanged = previous == null || !previous.configs().equals(topic.configs());
        for (int p = 0; p < topic.partitions().size(); p++) {
            TopicPartition tp = new TopicPartition(topic.name(), p);
            PartitionState state = topic.partition(p);
            PartitionState before = previous == null || p >= previous.partitions().size() ? null : previous.partition(p);
            Partition partition = partitions.get(tp);
            if (!state.replicas().contains(localBrokerId)) {
                if (partition != null) {
                    LOG.info(() -> "Broker " + localBrokerId + " no longer holds a replica of " + tp);
                    drop(tp);
                }
                continue;
            }
            if (partition == null) {
                partition = open(topic, tp, settings);
            } else if (configChanged) {
                partition.updateConfig(settings.logConfig());
            } else if (state.equals(before)) {
                continue;
            }
            partition.onMetadata(state, settings.minInsyncReplicas());
        }
    }

    private Partition open(TopicImage topic, TopicPartition tp, TopicSettings settings) {
        PartitionLog log = PartitionLog.open(dataDir.resolve(tp.toString()), settings.logConfig(), time);
        Partition partition = new Partition(new TopicIdPartition(topic.id(), tp), localBrokerId, log,
                new PartitionReplicaLog(log), checkpointedAtStart.getOrDefault(tp, 0L), REPLICA_LAG_TIME_MAX_MS,
                (p, action) -> requests.send(p, action), time, metrics);
        partitions.put(tp, partition);
        return partition;
    }

    private void drop(TopicPartition tp) {
        Partition partition = partitions.remove(tp);
        if (partition != null) {
            partition.onRemoved();
            partition.log().delete();
        }
    }

    /**
     * Where replicas send requests to other brokers; set once the inter-broker machinery is up
     * (replicas opened before then only lead alone or wait).
     */
    public void sendRequestsTo(ReplicaRequests requests) {
        this.requests = requests;
    }

    /** Rolls, flushes and applies retention where due; called periodically by the scheduler. */
    public void runMaintenance() {
        for (Partition partition : partitions.values()) {
            try {
                partition.log().runMaintenance(partition.highWatermark());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Maintenance of " + partition.id().topicPartition() + " failed", e);
            }
        }
    }

    /** Every log with the high watermark its cleaning must stay below, for the {@link LogCleaner}. */
    public List<LogCleaner.Target> cleanerTargets() {
        List<LogCleaner.Target> targets = new ArrayList<>(partitions.size());
        for (Partition partition : partitions.values()) {
            targets.add(new LogCleaner.Target(partition.log(), partition::highWatermark));
        }
        return targets;
    }

    /** Lets time pass for every replica (ISR shrinking, acks=all timeouts, follower retries). */
    public void tick() {
        for (Partition partition : partitions.values()) {
            try {
                partition.onTick();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Replication of " + partition.id().topicPartition() + " failed", e);
            }
        }
    }

    /** Writes every replica's high watermark to the checkpoint file. */
    public void checkpointHighWatermarks() {
        Map<TopicPartition, Long> watermarks = new HashMap<>();
        partitions.forEach((tp, partition) -> watermarks.put(tp, partition.highWatermark()));
        checkpoint.write(watermarks);
    }

    /** Checkpoints the high watermarks, then flushes and closes every log (graceful shutdown). */
    public void closeAll() {
        try {
            checkpointHighWatermarks();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Checkpointing high watermarks at shutdown failed", e);
        }
        List<Partition> open = new ArrayList<>(partitions.values());
        partitions.clear();
        for (Partition partition : open) {
            try {
                partition.onRemoved();
                partition.log().close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing " + partition.id().topicPartition() + " failed", e);
            }
        }
    }
}
