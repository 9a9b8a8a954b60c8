package dev.katka.connector.inbound;

import static org.awaitility.Awaitility.await;

import dev.katka.broker.TestBroker;
import dev.katka.connector.KatkaResourceAdapter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real broker in the test JVM, the resource adapter started on a thread-per-work manager, and
 * the Kafka clients a test uses to write input and to look at the group and its offsets.
 *
 * <p>One per test class; not thread-safe (the test thread uses it).
 */
final class InboundFixture implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final TestBroker broker;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final KatkaResourceAdapter adapter = new KatkaResourceAdapter();
    private final ThreadPerWorkManager workManager = new ThreadPerWorkManager();

    InboundFixture(Path dataDir) {
        broker = TestBroker.start(dataDir, Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.num.partitions", "1",
                "offsets.topic.replication.factor", "1"));
        admin = Admin.create(broker.clientProperties());
        Properties producerProperties = broker.clientProperties();
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        producer = new KafkaProducer<>(producerProperties);
        adapter.start(new TestBootstrapContext(workManager));
    }

    /** An activation spec for {@code topic} and {@code group} on this broker, reading from the start. */
    KatkaActivationSpec spec(String topic, String group) {
        KatkaActivationSpec spec = new KatkaActivationSpec();
        spec.setBootstrapServers(broker.bootstrapServers());
        spec.setTopics(topic);
        spec.setGroupId(group);
        spec.setInitialOffset("earliest");
        spec.setRetryBackoffMs("10");
        return spec;
    }

    /** Activates {@code bean} as the container would, not transacted. */
    TestEndpointFactory activate(KatkaActivationSpec spec, RecordingBean bean) throws Exception {
        return activate(spec, bean, false);
    }

    TestEndpointFactory activate(KatkaActivationSpec spec, RecordingBean bean, boolean transacted) throws Exception {
        spec.validate();
        TestEndpointFactory factory = new TestEndpointFactory(bean, transacted);
        adapter.endpointActivation(factory, spec);
        return factory;
    }

    void deactivate(TestEndpointFactory factory, KatkaActivationSpec spec) {
        adapter.endpointDeactivation(factory, spec);
    }

    void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    /**
     * Writes {@code count} records to {@code topic}: value "i", key "key-(i mod keys)" and a
     * header "seq" with the value, and waits until all are acknowledged.
     */
    void produce(String topic, int count, int keys) throws Exception {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, "key-" + (i % keys), String.valueOf(i));
            record.headers().add("seq", String.valueOf(i).getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        for (java.util.concurrent.Future<?> future : sent) {
            future.get();
        }
    }

    /** The end offset of each partition of {@code topic}. */
    Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = IntStream.range(0, partitions).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The offsets {@code group} committed, per partition. */
    Map<TopicPartition, Long> committedOffsets(String group) throws ExecutionException, InterruptedException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    ConsumerGroupDescription describeGroup(String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
    }

    /** Waits until {@code group} committed every record of {@code topic}. */
    void awaitAllCommitted(String group, String topic, int partitions) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(topic, partitions);
        await().atMost(DEADLINE).until(() -> committedOffsets(group).equals(end));
    }

    /** Reads {@code topic} from the start until it holds {@code count} records, within the deadline. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            Collection<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Whether every thread the adapter started has ended. */
    boolean allWorkEnded() {
        return workManager.allWorkEnded();
    }

    Set<String> topics() throws Exception {
        return admin.listTopics().names().get();
    }

    @Override
    public void close() {
        adapter.stop();
        producer.close();
        admin.close();
        broker.close();
    }
}
