package dev.katka.connector;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what a topic holds with a real Kafka consumer, as an application would find it. */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Every record of {@code topic}, partition by partition in offset order: at least
     * {@code expected} of them, and then all up to the end each partition has. Fails after 30
     * seconds if they cannot be read.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrapServers, String topic, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // A topic the adapter writes first (a dead-letter topic) may not exist yet.
            List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList(), found -> !found.isEmpty());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            // The expected records first, then on to the end offsets, so that extra records show too.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
            return records;
        }
    }
}
