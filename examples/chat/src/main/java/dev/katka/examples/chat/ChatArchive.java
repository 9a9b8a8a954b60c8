package dev.katka.examples.chat;

import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.api.KatkaListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Stores every chat message in the database. A message-driven bean of the Katka resource
 * adapter: the record's offset is committed only after the transaction that stored it committed,
 * and a message that cannot be read ends in the topic {@code chat-dead-letters} instead of being
 * lost or blocking its room.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "katka-connector"),
    @ActivationConfigProperty(propertyName = "bootstrapServers", propertyValue = "${ENV=KATKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}"),
    @ActivationConfigProperty(propertyName = "topics", propertyValue = ChatService.TOPIC),
    @ActivationConfigProperty(propertyName = "groupId", propertyValue = "chat-archive"),
    @ActivationConfigProperty(propertyName = "initialOffset", propertyValue = "earliest"),
    @ActivationConfigProperty(propertyName = "maxConcurrency", propertyValue = "3"),
    @ActivationConfigProperty(propertyName = "retries", propertyValue = "2"),
    @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = "chat-dead-letters")
})
public class ChatArchive implements KatkaListener {

    @PersistenceContext
    private EntityManager database;

    @Override
    public void onRecord(IncomingRecord record) {
        if (database.find(StoredMessage.class, new StoredMessage.Position(record.partition(), record.offset())) != null) {
            return; // delivered again after a crash before the commit: stored already
        }
        database.persist(new StoredMessage(record.valueAs(ChatMessage.class), record.partition(), record.offset()));
    }
}
