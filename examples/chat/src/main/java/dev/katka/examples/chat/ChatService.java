package dev.katka.examples.chat;

import dev.katka.connector.api.KatkaConnection;
import dev.katka.connector.api.KatkaConnectionFactory;
import dev.katka.connector.api.RecordMetadata;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import java.time.Clock;

/**
 * Publishes chat messages to the topic {@value #TOPIC}, keyed by room.
 *
 * <p>The connection factory is defined by the application itself (no server configuration):
 * the deployed Katka resource adapter, the cluster from {@code KATKA_BOOTSTRAP_SERVERS}.
 */
@Stateless
@ConnectionFactoryDefinition(
        name = ChatService.FACTORY,
        interfaceName = "dev.katka.connector.api.KatkaConnectionFactory",
        resourceAdapter = "katka-connector",
        transactionSupport = TransactionSupportLevel.NoTransaction,
        properties = {
            "bootstrapServers=${ENV=KATKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}",
            "clientId=chat",
            "lingerMs=5"
        })
public class ChatService {

    static final String FACTORY = "java:app/katka/chat";
    static final String TOPIC = "chat";

    @Resource(lookup = FACTORY)
    private KatkaConnectionFactory katka;

    private final Clock clock = Clock.systemUTC();

    /** Says {@code text} in {@code room}; returns where Katka wrote it. */
    public RecordMetadata say(String room, String author, String text) {
        ChatMessage message = new ChatMessage(room, author, text, clock.instant());
        try (KatkaConnection connection = katka.createConnection()) {
            return connection.createProducer().send(TOPIC, room, message);
        }
    }
}
