package dev.katka.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.broker.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Admin.deleteRecords} against one broker, as {@code kafka-delete-records.sh} and the
 * consoles' "purge" use it: consumers then start at the new log start, an idempotent producer
 * goes on, and bad requests get Kafka's errors (restarts: {@code PartitionLogDeleteRecordsTest}).
 */
class DeleteRecordsTest {

    @TempDir
    static Path dataDir;

    private static TestBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dataDir);
        admin = Admin.create(broker.clientProperties());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        broker.close();
    }

    private static KafkaProducer<String, String> producer() {
        Properties settings = broker.clientProperties();
        settings.put("key.serializer", StringSerializer.class.getName());
        settings.put("value.serializer", StringSerializer.class.getName());
        return new KafkaProducer<>(settings);
    }

    private static void produce(KafkaProducer<String, String> producer, String topic, int from, int count)
            throws Exception {
        for (int i = from; i < from + count; i++) {
            producer.send(new ProducerRecord<>(topic, 0, "key-" + i, "value-" + i)).get();
        }
    }

    private static long deleteBelow(String topic, long offset) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        DeletedRecords deleted = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset)))
                .lowWatermarks().get(tp).get();
        return deleted.lowWatermark();
    }

    private static long earliest(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get().offset();
    }

    /** Every record from the beginning to the end, as "offset=value", read by a consumer that seeks to the beginning. */
    private static List<String> readFromTheBeginning(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        Properties settings = broker.clientProperties();
        settings.put("key.deserializer", StringDeserializer.class.getName());
        settings.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.offset() + "=" + record.value());
                }
            }
            return values;
        }
    }

    @Test
    void consumersStartAtTheNewLogStartAndTheProducerGoesOn() throws Exception {
        admin.createTopics(List.of(new NewTopic("purged", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = producer()) {
            produce(producer, "purged", 0, 10);

            assertThat(deleteBelow("purged", 7)).isEqualTo(7);

            assertThat(earliest("purged")).isEqualTo(7);
            produce(producer, "purged", 10, 2);   // same idempotent producer, its earlier batches deleted
        }
        assertThat(readFromTheBeginning("purged"))
                .containsExactly("7=value-7", "8=value-8", "9=value-9", "10=value-10", "11=value-11");
    }

    @Test
    void minusOneDeletesEverythingUpToTheHighWatermark() throws Exception {
        admin.createTopics(List.of(new NewTopic("emptied", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = producer()) {
            produce(producer, "emptied", 0, 5);
        }

        assertThat(deleteBelow("emptied", RecordsToDelete.beforeOffset(-1).beforeOffset())).isEqualTo(5);

        assertThat(earliest("emptied")).isEqualTo(5);
        assertThat(readFromTheBeginning("emptied")).isEmpty();
    }

    @Test
    void anOffsetBeyondTheHighWatermarkIsOutOfRangeAndDeletesNothing() throws Exception {
        admin.createTopics(List.of(new NewTopic("short", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = producer()) {
            produce(producer, "short", 0, 3);
        }

        assertThatThrownBy(() -> deleteBelow("short", 4))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(OffsetOutOfRangeException.class);
        assertThat(earliest("short")).isZero();
    }

    @Test
    void aTopicThatIsCompactedOnlyRefuses() throws Exception {
        admin.createTopics(List.of(new NewTopic("compacted", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all().get();

        assertThatThrownBy(() -> deleteBelow("compacted", 0))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(PolicyViolationException.class);
    }
}
