package dev.katka.connector.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.connector.deployment.receipts.ReceiptWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A message-driven bean undeployed and deployed again continues where it stopped: undeploying
 * commits what it processed and leaves the group, the new deployment starts from the committed
 * offsets. Records written while the bean was away are processed once it is back, and none is
 * processed twice.
 */
@AdapterOnPayaraMicro
@BrokerTopics({ReceiptWriter.TOPIC, ReceiptWriter.RECEIPTS})
class RedeployIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String APPLICATION = "receipts";

    @Deployment(name = APPLICATION, managed = false, testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "receipts.war").addPackage(ReceiptWriter.class.getPackage());
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void aRedeployedBeanContinuesFromTheCommittedOffsetsAndProcessesNothingTwice() {
        List<String> receipts = new ArrayList<>();
        try (KafkaConsumer<String, String> receiptReader = receiptReader()) {
            deployer.deploy(APPLICATION);
            produce(0, 300);
            awaitReceipts(receiptReader, receipts, 300);

            deployer.undeploy(APPLICATION);
            // It left the group: empty long before its 45 s session could have expired.
            await().atMost(Duration.ofSeconds(15)).until(() -> groupState() == GroupState.EMPTY);
            produce(300, 300);
            deployer.deploy(APPLICATION);
            awaitReceipts(receiptReader, receipts, 600);
            deployer.undeploy(APPLICATION);

            // The bean sends its receipt before it returns and the undeploy waited for it: a record
            // processed twice has its second receipt before the end offsets read now.
            Map<TopicPartition, Long> ends = receiptReader.endOffsets(receiptReader.assignment());
            await().atMost(DEADLINE).until(() -> {
                receiptReader.poll(Duration.ofMillis(200)).forEach(record -> receipts.add(record.value()));
                return ends.entrySet().stream().allMatch(end -> receiptReader.position(end.getKey()) >= end.getValue());
            });
        }
        assertThat(receipts).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 600).mapToObj(i -> "record-" + i).toList());
    }

    private static void awaitReceipts(KafkaConsumer<String, String> reader, List<String> receipts, int count) {
        await().atMost(DEADLINE).until(() -> {
            reader.poll(Duration.ofMillis(200)).forEach(record -> receipts.add(record.value()));
            return receipts.size() >= count;
        });
    }

    private static GroupState groupState() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KatkaBrokerExtension.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of("receipt-writer")).all().get(10, TimeUnit.SECONDS)
                    .get("receipt-writer").groupState();
        }
    }

    private static void produce(int first, int count) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KatkaBrokerExtension.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int i = first; i < first + count; i++) {
                producer.send(new ProducerRecord<>(ReceiptWriter.TOPIC, "key-" + (i % 10), "record-" + i));
            }
        }
    }

    private static KafkaConsumer<String, String> receiptReader() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KatkaBrokerExtension.bootstrapServers());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "redeploy-it-reader");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(ReceiptWriter.RECEIPTS));
        return consumer;
    }
}
