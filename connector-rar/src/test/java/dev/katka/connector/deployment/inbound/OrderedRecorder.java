package dev.katka.connector.deployment.inbound;

import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.api.KatkaListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;

/** Records every record of {@value #TOPIC}, three partitions at a time. */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "katka-connector"),
    @ActivationConfigProperty(propertyName = "bootstrapServers", propertyValue = "${katka.it.bootstrap}"),
    @ActivationConfigProperty(propertyName = "topics", propertyValue = OrderedRecorder.TOPIC),
    @ActivationConfigProperty(propertyName = "groupId", propertyValue = "ordered-recorder"),
    @ActivationConfigProperty(propertyName = "initialOffset", propertyValue = "earliest"),
    @ActivationConfigProperty(propertyName = "maxConcurrency", propertyValue = "3")
})
public class OrderedRecorder implements KatkaListener {

    public static final String TOPIC = "inbound-ordered";

    @EJB
    private Deliveries deliveries;

    @Override
    public void onRecord(IncomingRecord record) throws InterruptedException {
        deliveries.started();
        try {
            // Long enough that deliveries of different partitions overlap.
            Thread.sleep(1);
            deliveries.received(record.topic(), record.keyAsString(), record.valueAsString());
        } finally {
            deliveries.finished();
        }
    }
}
