package dev.katka.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumer throughput without a consumer group: assign() every partition of a topic, seek to the
 * beginning, and read NUM_RECORDS records. The consumer settings are those that Kafka's
 * ConsumerPerformance uses (1 MiB per partition fetch, 2 MiB socket buffer, no CRC check), so the
 * figures compare with it; only the group machinery (FindCoordinator, JoinGroup, SyncGroup,
 * Heartbeat) is left out, which a broker without consumer groups cannot serve.
 *
 * <pre>
 *   AssignConsume BOOTSTRAP TOPIC NUM_RECORDS TIMEOUT_MS
 * </pre>
 *
 * Prints one line: {@code records=N bytes=N seconds=S records_per_sec=R mb_per_sec=M}
 * (MB = 1,048,576 bytes, as ConsumerPerformance counts them; bytes are value bytes).
 */
public final class AssignConsume {

    private AssignConsume() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: AssignConsume BOOTSTRAP TOPIC NUM_RECORDS TIMEOUT_MS");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        long wanted = Long.parseLong(args[2]);
        long timeoutMs = Long.parseLong(args[3]);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1048576");
        props.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, "2097152");
        props.put(ConsumerConfig.CHECK_CRCS_CONFIG, "false");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-assign-consumer");

        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            if (partitions.isEmpty()) {
                System.err.println("topic " + topic + " has no partitions");
                System.exit(1);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Resolve the start offsets before the clock starts (ConsumerPerformance's clock
            // likewise starts before its first poll, but after the consumer is created).
            partitions.forEach(consumer::position);

            long records = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long lastProgress = start;
            long deadline = start + Duration.ofMillis(timeoutMs).toNanos();
            while (records < wanted) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (!batch.isEmpty()) {
                    lastProgress = now;
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        records++;
                        if (record.value() != null) {
                            bytes += record.value().length;
                        }
                    }
                } else if (now - lastProgress > Duration.ofSeconds(10).toNanos()) {
                    System.err.println("no record for 10 s after " + records + " of " + wanted);
                    break;
                }
                if (now > deadline) {
                    System.err.println("deadline of " + timeoutMs + " ms passed after " + records + " of " + wanted);
                    break;
                }
            }
            double seconds = (lastProgress - start) / 1e9;
            double mb = bytes / 1048576.0;
            System.out.printf("records=%d bytes=%d seconds=%.3f records_per_sec=%.1f mb_per_sec=%.2f%n",
                    records, bytes, seconds, records / seconds, mb / seconds);
            if (records < wanted) {
                System.exit(1);
            }
        }
    }
}
