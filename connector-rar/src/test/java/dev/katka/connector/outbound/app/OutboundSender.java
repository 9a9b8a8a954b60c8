package dev.katka.connector.outbound.app;

import dev.katka.connector.api.KatkaConnection;
import dev.katka.connector.api.KatkaConnectionFactory;
import dev.katka.connector.api.KatkaProducer;
import dev.katka.connector.api.OutgoingRecord;
import dev.katka.connector.api.RecordMetadata;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application's EJB that publishes through a connection factory it defines itself, the way
 * the public API's documentation shows; the cluster comes from the system property
 * {@code katka.it.bootstrap} (a placeholder the adapter expands).
 */
@Stateless
@ConnectionFactoryDefinition(
        name = OutboundSender.FACTORY,
        interfaceName = "dev.katka.connector.api.KatkaConnectionFactory",
        resourceAdapter = "katka-connector",
        transactionSupport = TransactionSupportLevel.NoTransaction,
        properties = {
            "bootstrapServers=${katka.it.bootstrap}",
            "clientId=outbound-it",
            "lingerMs=20",
            // A test that cannot reach its broker fails in seconds rather than minutes.
            "maxBlockMs=10000",
            "requestTimeoutMs=5000",
            "deliveryTimeoutMs=15000"
        })
public class OutboundSender {

    static final String FACTORY = "java:app/katka/outbound-it";

    @Resource(lookup = FACTORY)
    private KatkaConnectionFactory katka;

    public RecordMetadata send(String topic, String key, String value) {
        try (KatkaConnection connection = katka.createConnection()) {
            return connection.createProducer().send(topic, key, value);
        }
    }

    public RecordMetadata sendOrder(String topic, Order order) {
        try (KatkaConnection connection = katka.createConnection()) {
            return connection.createProducer().send(topic, order.item, order);
        }
    }

    public RecordMetadata sendWithHeaders(String topic, int partition, long timestamp) {
        try (KatkaConnection connection = katka.createConnection()) {
            return connection.createProducer().send(OutgoingRecord.to(topic)
                    .key("with-headers").value("headed")
                    .header("source", "outbound-it").header("attempt", new byte[] {1})
                    .partition(partition).timestamp(timestamp)
                    .build());
        }
    }

    /** Sends {@code count} records without waiting, closes the connection, then waits for them all. */
    public List<RecordMetadata> sendManyAsync(String topic, int count) throws Exception {
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        try (KatkaConnection connection = katka.createConnection()) {
            KatkaProducer producer = connection.createProducer();
            for (int i = 0; i < count; i++) {
                sends.add(producer.sendAsync(OutgoingRecord.to(topic).value("async " + i).build()).toCompletableFuture());
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return sends.stream().map(CompletableFuture::join).toList();
    }
}
