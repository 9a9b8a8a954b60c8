package dev.katka.connector.deployment.inbound;

import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.api.KatkaListener;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;

/**
 * Rolls back its container-managed transaction the first time it sees a value containing
 * "rollback" (returning normally), and records everything else: such a record must come again.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "katka-connector"),
    @ActivationConfigProperty(propertyName = "bootstrapServers", propertyValue = "${katka.it.bootstrap}"),
    @ActivationConfigProperty(propertyName = "topics", propertyValue = RollbackRecorder.TOPIC),
    @ActivationConfigProperty(propertyName = "groupId", propertyValue = "rollback-recorder"),
    @ActivationConfigProperty(propertyName = "initialOffset", propertyValue = "earliest"),
    @ActivationConfigProperty(propertyName = "retryBackoffMs", propertyValue = "50")
})
public class RollbackRecorder implements KatkaListener {

    public static final String TOPIC = "inbound-rollback";

    @EJB
    private Deliveries deliveries;

    @Resource
    private MessageDrivenContext context;

    @Override
    public void onRecord(IncomingRecord record) {
        String value = record.valueAsString();
        deliveries.attempted(value);
        if (value.contains("rollback") && deliveries.attempts(value) == 1) {
            context.setRollbackOnly();
            return;
        }
        deliveries.received(record.topic(), record.keyAsString(), value);
    }
}
