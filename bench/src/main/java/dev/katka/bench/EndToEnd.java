package dev.katka.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * End-to-end latency at a fixed rate, without a consumer group: a producer thread sends
 * NUM_RECORDS records to partition 0 at RATE records/s (acks=ACKS, default 1; linger.ms=0), each carrying its
 * send time (System.nanoTime of this JVM); a consumer assigned to partition 0 (positioned at the
 * end before the first send) reads them and records receive time minus send time. With
 * WARMUP_SECONDS, as many seconds' records go first at the same rate and are not counted: on a
 * small machine the client JVM compiling its own hot paths otherwise makes the tail (both
 * brokers' alike) a measure of the client's warm-up.
 * Kafka's EndToEndLatency tool cannot serve here: it commits offsets after every record, which
 * needs a group coordinator.
 *
 * <pre>
 *   EndToEnd BOOTSTRAP TOPIC NUM_RECORDS RATE RECORD_SIZE TIMEOUT_MS [ACKS [WARMUP_SECONDS]]
 * </pre>
 *
 * Prints one line for the counted records: {@code records=N seconds=S rate=R avg_ms=A p50_ms=.. p99_ms=..
 * p999_ms=.. max_ms=..}, and before it, with a warm-up, the same for the warm-up's records, prefixed
 * {@code warmup:}.
 */
public final class EndToEnd {

    private EndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6 || args.length > 8) {
            System.err.println("usage: EndToEnd BOOTSTRAP TOPIC NUM_RECORDS RATE RECORD_SIZE TIMEOUT_MS [ACKS [WARMUP_SECONDS]]");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        int count = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        int size = Math.max(Long.BYTES, Integer.parseInt(args[4]));
        long timeoutMs = Long.parseLong(args[5]);
        String acks = args.length >= 7 ? args[6] : "1";
        int warmup = args.length == 8 ? Integer.parseInt(args[7]) * rate : 0;
        int total = warmup + count;
        TopicPartition partition = new TopicPartition(topic, 0);

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-e2e-consumer");
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, acks);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-e2e-producer");

        long[] latencies = new long[total];
        int received = 0;
        long start;
        long end;
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition, Duration.ofSeconds(30));
            // Connect the producer before the clock starts.
            producer.partitionsFor(topic);

            start = System.nanoTime();
            Thread sender = new Thread(() -> {
                try {
                    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < total; i++) {
                        long due = t0 + i * interval;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        byte[] value = new byte[size];
                        ByteBuffer.wrap(value).putLong(System.nanoTime());
                        producer.send(new ProducerRecord<>(topic, 0, null, value), (metadata, e) -> {
                            if (e != null) {
                                producerFailure.compareAndSet(null, e);
                            }
                        });
                    }
                    producer.flush();
                } catch (Throwable t) {
                    producerFailure.compareAndSet(null, t);
                }
            }, "bench-e2e-sender");
            sender.setDaemon(true);
            sender.start();

            long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs) + TimeUnit.SECONDS.toNanos(warmup / rate);
            while (received < total && System.nanoTime() < deadline && producerFailure.get() == null) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (received < total) {
                        latencies[received++] = now - ByteBuffer.wrap(record.value()).getLong();
                    }
                }
            }
            end = System.nanoTime();
            sender.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (producerFailure.get() != null) {
            System.err.println("the producer failed: " + producerFailure.get());
        }
        int counted = Math.max(0, received - warmup);
        if (counted == 0) {
            System.err.println("no record came back after the warm-up");
            System.exit(1);
        }
        double warmupSeconds = (double) warmup / rate;
        if (warmup > 0) {
            print("warmup: ", Arrays.copyOf(latencies, warmup), warmupSeconds);
        }
        print("", Arrays.copyOfRange(latencies, warmup, received), (end - start) / 1e9 - warmupSeconds);
        if (counted < count || producerFailure.get() != null) {
            System.err.println("only " + counted + " of " + count + " records came back");
            System.exit(1);
        }
    }

    private static void print(String prefix, long[] latencies, double seconds) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long l : sorted) {
            sum += l;
        }
        System.out.printf("%srecords=%d seconds=%.3f rate=%.1f avg_ms=%.3f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
                prefix, sorted.length, seconds, sorted.length / seconds, sum / sorted.length / 1e6, ms(sorted, 0.5),
                ms(sorted, 0.99), ms(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
