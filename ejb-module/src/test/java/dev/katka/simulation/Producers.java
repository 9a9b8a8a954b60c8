package dev.katka.simulation;

import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.PartitionState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Clients writing all the time: each request to the leader their (possibly stale) metadata
 * names, mostly acks=all, some acks=1; errors send them to look the leader up again. Every
 * record's value is unique, so the invariants can tell records apart.
 */
final class Producers {

    static final long INTERVAL_MS = 5;

    private final Scheduler scheduler;
    private final Network network;
    private final Random random;
    private final Invariants invariants;
    private final Cluster cluster;
    private final List<TopicPartition> partitions;
    private MetadataImage metadata = MetadataImage.EMPTY;
    private long sequence;
    private long stopAt;

    Producers(Cluster cluster, Scheduler scheduler, Network network, Random random, Invariants invariants,
              List<TopicPartition> partitions) {
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.network = network;
        this.random = random;
        this.invariants = invariants;
        this.partitions = partitions;
    }

    void runUntil(long time) {
        stopAt = time;
        scheduler.after(INTERVAL_MS, this::send);
    }

    private void send() {
        if (scheduler.now() >= stopAt) {
            return;
        }
        TopicPartition tp = partitions.get(random.nextInt(partitions.size()));
        PartitionState state = metadata.partition(tp).orElse(null);
        if (state == null || !state.hasLeader()) {
            refreshMetadata();
        } else {
            short acks = random.nextInt(10) < 8 ? (short) -1 : (short) 1;
            int count = 1 + random.nextInt(4);
            byte[][] values = new byte[count][];
            SimpleRecord[] records = new SimpleRecord[count];
            for (int i = 0; i < count; i++) {
                values[i] = ("r" + (sequence++)).getBytes(StandardCharsets.UTF_8);
                records[i] = new SimpleRecord(scheduler.now(), null, values[i]);
            }
            MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, records);
            network.send(Network.CLIENT, state.leader(), -1, broker -> broker.produce(tp, batch, acks,
                    (error, baseOffset) -> answered(tp, acks, values, error, baseOffset)));
        }
        scheduler.after(INTERVAL_MS, this::send);
    }

    private void answered(TopicPartition tp, short acks, byte[][] values, Errors error, long baseOffset) {
        if (error == Errors.NONE) {
            if (acks == -1) {
                invariants.acknowledged(tp, baseOffset, values);
                invariants.acknowledgedByEnoughReplicas(cluster, tp, baseOffset, values, minInsync(tp));
            }
        } else {
            refreshMetadata();
        }
    }

    private int minInsync(TopicPartition tp) {
        return metadata.topic(tp.topic())
                .map(t -> Integer.parseInt(t.configs().getOrDefault(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1")))
                .orElse(1);
    }

    private void refreshMetadata() {
        List<SimulatedBroker> up = cluster.runningBrokers();
        if (!up.isEmpty()) {
            MetadataImage seen = up.get(random.nextInt(up.size())).image();
            if (seen.version() >= metadata.version()) {
                metadata = seen;
            }
        }
    }
}
