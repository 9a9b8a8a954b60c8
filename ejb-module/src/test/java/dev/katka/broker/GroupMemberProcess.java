package dev.katka.broker;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer group member in a process of its own, for tests that kill it: it polls, prints
 * {@code consumed VALUE} for every record and only then commits, and prints {@code assigned N}
 * when its assignment changes. Arguments: bootstrap servers, group, topic, session timeout (ms).
 * It runs until it is killed.
 */
public final class GroupMemberProcess {

    private GroupMemberProcess() {
    }

    public static void main(String[] args) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, args[1]);
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, args[3]);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(args[2]));
            int assigned = -1;
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                records.forEach(record -> System.out.println("consumed " + record.value()));
                System.out.flush();
                try {
                    consumer.commitSync();
                } catch (CommitFailedException | RebalanceInProgressException rebalancing) {
                    // the next poll rejoins; the uncommitted records go to whoever owns them next
                }
                if (consumer.assignment().size() != assigned) {
                    assigned = consumer.assignment().size();
                    System.out.println("assigned " + assigned);
                    System.out.flush();
                }
            }
        }
    }
}
