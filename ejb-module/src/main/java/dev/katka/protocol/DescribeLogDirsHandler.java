package dev.katka.protocol;

import dev.katka.network.ReceivedRequest;
import dev.katka.partition.Partition;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsResponse;

/**
 * DescribeLogDirs: the size on disk of every partition replica this broker holds (what
 * {@code Admin.describeLogDirs()} and {@code kafka-log-dirs.sh} show), and from version 4 the
 * total and usable bytes of the volume. A Katka broker has one log directory, its data directory.
 *
 * <p>A request naming topics gets only those of their partitions this broker holds; one with no
 * topic list (null) gets all. {@code OffsetLag} is Kafka's: how far the high watermark is ahead
 * of this replica's log end, never negative.
 *
 * <p>Reads sizes the logs keep in memory and asks the file system for the volume's space (one
 * {@code statvfs}), so it is cheap enough for the event loop. Thread-safe.
 */
public final class DescribeLogDirsHandler implements ApiHandler<DescribeLogDirsRequest> {

    private static final Logger LOG = Logger.getLogger(DescribeLogDirsHandler.class.getName());

    private final Path logDir;
    private final Supplier<Collection<Partition>> partitions;

    /**
     * @param logDir     the broker's data directory, where its partitions' logs live
     * @param partitions the replicas this broker holds now
     */
    public DescribeLogDirsHandler(Path logDir, Supplier<Collection<Partition>> partitions) {
        this.logDir = logDir.toAbsolutePath();
        this.partitions = partitions;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<DescribeLogDirsRequest> request) {
        DescribeLogDirsRequestData wanted = request.body().data();
        Map<String, List<DescribeLogDirsPartition>> byTopic = new TreeMap<>();
        for (Partition partition : partitions.get()) {
            TopicPartition id = partition.id().topicPartition();
            if (isWanted(wanted, id)) {
                byTopic.computeIfAbsent(id.topic(), topic -> new ArrayList<>())
                        .add(new DescribeLogDirsPartition()
                                .setPartitionIndex(id.partition())
                                .setPartitionSize(partition.sizeInBytes())
                                .setOffsetLag(Math.max(0, partition.highWatermark() - partition.logEndOffset()))
                                .setIsFutureKey(false));
            }
        }
        DescribeLogDirsResult result = new DescribeLogDirsResult()
                .setLogDir(logDir.toString())
                .setTopics(byTopic.entrySet().stream()
                        .map(topic -> new DescribeLogDirsTopic().setName(topic.getKey()).setPartitions(topic.getValue()))
                        .toList());
        volumeSpace(result);
        return CompletableFuture.completedFuture(
                new DescribeLogDirsResponse(new DescribeLogDirsResponseData().setResults(List.of(result))));
    }

    private static boolean isWanted(DescribeLogDirsRequestData wanted, TopicPartition id) {
        if (wanted.topics() == null) {
            return true;
        }
        var topic = wanted.topics().find(id.topic());
        return topic != null && topic.partitions().contains(id.partition());
    }

    /** Total and usable bytes of the volume; left at -1 (unknown) if the file system cannot say. */
    private void volumeSpace(DescribeLogDirsResult result) {
        try {
            FileStore store = Files.getFileStore(logDir);
            result.setTotalBytes(store.getTotalSpace()).setUsableBytes(store.getUsableSpace());
        } catch (IOException e) {
            LOG.log(Level.FINE, "The space of the volume of " + logDir + " is unknown", e);
        }
    }
}
