package dev.katka.admin;

import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients through which the admin services reach the cluster, bootstrapped from one
 * broker's own listener: the admin tools work on any broker, exactly as a Kafka admin tool would,
 * and the broker they run on needs to know nothing of them.
 *
 * <p>The {@link Admin} client and the producer are shared and created at first use (so a broker
 * that nobody administers opens no connections to itself); consumers for browsing are opened per
 * request by {@link #openConsumer()} and closed by the caller, because a consumer is not
 * thread-safe.
 *
 * <p>Thread-safe: the shared clients are thread-safe and created under this object's lock.
 */
public final class ClusterClients implements AutoCloseable {

    private final Supplier<String> bootstrapServers;
    private final String clientIdPrefix;
    private Admin admin;
    private Producer<byte[], byte[]> producer;

    /**
     * @param bootstrapServers this broker's advertised listener (asked at first use: the broker
     *         may bind its port after the clients object is made)
     * @param clientIdPrefix names the clients in the broker's logs and metrics
     */
    public ClusterClients(Supplier<String> bootstrapServers, String clientIdPrefix) {
        this.bootstrapServers = bootstrapServers;
        this.clientIdPrefix = clientIdPrefix;
    }

    public synchronized Admin admin() {
        if (admin == null) {
            Properties properties = common("admin");
            // A console waits for answers: fail within seconds rather than Kafka's minute.
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            admin = Admin.create(properties);
        }
        return admin;
    }

    public synchronized Producer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties properties = common("producer");
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
            properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /**
     * A new consumer without a group, for {@code assign()} and {@code seek()}; {@code maxRecords}
     * bounds what one poll returns. The caller closes it.
     */
    public Consumer<byte[], byte[]> openConsumer(int maxRecords) {
        Properties properties = common("browser");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxRecords));
        // Bounded memory per request, whatever the topic holds.
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(1024 * 1024));
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    private Properties common(String role) {
        Properties properties = new Properties();
        properties.putAll(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get(),
                CommonClientConfigs.CLIENT_ID_CONFIG, clientIdPrefix + "-" + role));
        return properties;
    }
}
