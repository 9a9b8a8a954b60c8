package dev.katka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer with acks=all and idempotence writing distinct keyed records to a topic in the
 * background (about a thousand a second, at most 100 in flight), remembering where each
 * acknowledged record was stored; and the check that every acknowledged record is still there,
 * at its offset, exactly once.
 *
 * <p>A retry that a new leader recognises as written but whose offset it no longer knows is
 * acknowledged without an offset (DUPLICATE_SEQUENCE_NUMBER, as Kafka does): such a record must
 * be in its partition exactly once, at whatever offset.
 *
 * <p>The producing thread is its own; the other methods belong to the test thread.
 */
final class AcknowledgedWrites implements AutoCloseable {

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final Map<StoredAt, String> acknowledged = new ConcurrentHashMap<>();
    /** Records acknowledged without an offset, with their partitions. */
    private final Map<String, Integer> acknowledgedWithoutOffset = new ConcurrentHashMap<>();
    private final Map<String, Exception> failed = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::produce, "acknowledged-writes");

    private AcknowledgedWrites(String bootstrapServers, String topic, int partitions) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Starts writing. */
    static AcknowledgedWrites start(String bootstrapServers, String topic, int partitions) {
        AcknowledgedWrites writes = new AcknowledgedWrites(bootstrapServers, topic, partitions);
        writes.thread.start();
        return writes;
    }

    /** Waits until {@code records} more records are acknowledged; fails at once if a send failed for good. */
    void awaitProgress(int records, Duration within) {
        int target = acknowledgedCount() + records;
        await("the producer to get " + records + " more records acknowledged").atMost(within)
                .until(() -> acknowledgedCount() >= target || !failed.isEmpty());
        assertNoFailedSends();
    }

    int acknowledgedCount() {
        return acknowledged.size() + acknowledgedWithoutOffset.size();
    }

    /** Stops writing, once every record sent has its answer. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofMinutes(6).toMillis());
    }

    void assertNoFailedSends() {
        assertThat(failed).as("sends that failed for good").isEmpty();
    }

    /** Reads the whole topic from {@code servers}: every acknowledged record at its offset, none twice. */
    void assertEveryAcknowledgedRecordIsThereOnce(String servers) {
        Map<StoredAt, String> stored = readEverything(servers);
        assertThat(acknowledged).isNotEmpty();
        Map<StoredAt, String> missing = new HashMap<>();
        acknowledged.forEach((at, value) -> {
            if (!value.equals(stored.get(at))) {
                missing.put(at, value);
            }
        });
        assertThat(missing).as("acknowledged records not at their offsets (of " + acknowledged.size() + ")").isEmpty();
        assertThat(stored.values()).as("no record stored twice").doesNotHaveDuplicates();
        Map<String, Integer> partitionOf = new HashMap<>();
        stored.forEach((at, value) -> partitionOf.put(value, at.partition()));
        acknowledgedWithoutOffset.forEach((value, partition) -> assertThat(partitionOf.get(value))
                .as("the partition of %s, acknowledged without an offset", value).isEqualTo(partition));
    }

    private Map<StoredAt, String> readEverything(String servers) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        Map<StoredAt, String> stored = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, Duration.ofSeconds(30));
            await("every partition of " + topic + " read to its end").atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    stored.put(new StoredAt(record.partition(), record.offset()), record.value());
                }
                return all.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return stored;
    }

    private void produce() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // A hung leader costs 10 s before the producer looks for another; it keeps retrying for 5 minutes.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        config.put(ProducerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        Semaphore inFlight = new Semaphore(100);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (long n = 0; acquireWhileRunning(inFlight); n++) {
                String value = "order-" + n;
                // About a thousand records a second: enough to see every failure, few enough that
                // the test can keep and check them all (at full speed it would be millions).
                Thread.sleep(1);
                producer.send(new ProducerRecord<>(topic, "customer-" + n % 97, value), (metadata, error) -> {
                    inFlight.release();
                    if (error == null && metadata.hasOffset()) {
                        acknowledged.put(new StoredAt(metadata.partition(), metadata.offset()), value);
                    } else if (error == null) {
                        acknowledgedWithoutOffset.put(value, metadata.partition());
                    } else {
                        failed.put(value, error);
                    }
                });
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A permit, or false once the test stopped writing (sends that never end must not block that). */
    private boolean acquireWhileRunning(Semaphore permits) throws InterruptedException {
        while (running.get()) {
            if (permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    private record StoredAt(int partition, long offset) {
    }
}
