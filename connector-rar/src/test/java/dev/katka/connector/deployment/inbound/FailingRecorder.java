package dev.katka.connector.deployment.inbound;

import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.api.KatkaListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** Fails on every record whose value contains "poison"; records the others. */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "katka-connector"),
    @ActivationConfigProperty(propertyName = "bootstrapServers", propertyValue = "${katka.it.bootstrap}"),
    @ActivationConfigProperty(propertyName = "topics", propertyValue = FailingRecorder.TOPIC),
    @ActivationConfigProperty(propertyName = "groupId", propertyValue = "failing-recorder"),
    @ActivationConfigProperty(propertyName = "initialOffset", propertyValue = "earliest"),
    @ActivationConfigProperty(propertyName = "maxConcurrency", propertyValue = "2"),
    @ActivationConfigProperty(propertyName = "retries", propertyValue = "2"),
    @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "50"),
    @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = FailingRecorder.DEAD_LETTERS)
})
public class FailingRecorder implements KatkaListener {

    public static final String TOPIC = "inbound-failing";
    public static final String DEAD_LETTERS = "inbound-failing-dead-letters";

    @EJB
    private Deliveries deliveries;

    @Override
    public void onRecord(IncomingRecord record) {
        deliveries.attempted(record.valueAsString());
        if (record.valueAsString().contains("poison")) {
            throw new IllegalStateException("cannot digest " + record.valueAsString());
        }
        deliveries.received(record.topic(), record.keyAsString(), record.valueAsString());
    }
}
