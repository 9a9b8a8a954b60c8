package dev.katka.partition;

import dev.katka.log.PartitionLog;
import dev.katka.metadata.TopicRecord;
import dev.katka.topic.TopicConfigs;
import dev.katka.topic.TopicConfigs.TopicSettings;
import dev.katka.topic.TopicRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The partitions this broker serves, each with its log in {@code <data.dir>/<topic>-<partition>/}.
 *
 * <p>Follows the topic registry: a created topic gets its logs, a deleted one loses them, a
 * config change reaches the logs at once.
 *
 * <p>Thread-safety: lookups are lock-free; topic events arrive serialized from the registry;
 * {@link #runMaintenance()} runs on the scheduler concurrently with appends and reads, which the
 * logs allow.
 */
public final class PartitionRegistry implements TopicRegistry.Listener {

    private static final Logger LOG = Logger.getLogger(PartitionRegistry.class.getName());

    private final Path dataDir;
    private final int localBrokerId;
    private final TopicConfigs configs;
    private final Time time;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    public PartitionRegistry(Path dataDir, int localBrokerId, TopicConfigs configs, Time time) {
        this.dataDir = dataDir;
        this.localBrokerId = localBrokerId;
        this.configs = configs;
        this.time = time;
    }

    /** Opens (and where needed recovers) the logs of existing topics at start-up. */
    public void openAll(Collection<TopicRecord> topics) {
        for (TopicRecord topic : topics) {
            open(topic, 0);
        }
    }

    public Optional<Partition> get(TopicPartition partition) {
        return Optional.ofNullable(partitions.get(partition));
    }

    public Collection<Partition> all() {
        return partitions.values();
    }

    @Override
    public void topicCreated(TopicRecord topic) {
        open(topic, 0);
    }

    @Override
    public void topicChanged(TopicRecord before, TopicRecord after) {
        TopicSettings settings = configs.effective(after.configs());
        for (int p = 0; p < before.partitionCount(); p++) {
            Partition partition = partitions.get(new TopicPartition(after.name(), p));
            if (partition != null) {
                partition.updateConfig(settings.logConfig(), settings.minInsyncReplicas());
            }
        }
        open(after, before.partitionCount());
    }

    @Override
    public void topicDeleted(TopicRecord topic) {
        for (int p = 0; p < topic.partitionCount(); p++) {
            Partition partition = partitions.remove(new TopicPartition(topic.name(), p));
            if (partition != null) {
                partition.log().delete();
            }
        }
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

    /** Flushes and closes every log (graceful shutdown). */
    public void closeAll() {
        List<Partition> open = new ArrayList<>(partitions.values());
        partitions.clear();
        for (Partition partition : open) {
            try {
                partition.log().close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Closing " + partition.id().topicPartition() + " failed", e);
            }
        }
    }

    private void open(TopicRecord topic, int fromPartition) {
        TopicSettings settings = configs.effective(topic.configs());
        for (int p = fromPartition; p < topic.partitionCount(); p++) {
            TopicPartition tp = new TopicPartition(topic.name(), p);
            PartitionLog log = PartitionLog.open(dataDir.resolve(tp.toString()), settings.logConfig(), time);
            partitions.put(tp, new Partition(new TopicIdPartition(topic.id(), tp), localBrokerId, log,
                    settings.minInsyncReplicas()));
        }
    }
}
