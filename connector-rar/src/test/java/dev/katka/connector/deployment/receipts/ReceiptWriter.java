package dev.katka.connector.deployment.receipts;

import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.api.KatkaConnection;
import dev.katka.connector.api.KatkaConnectionFactory;
import dev.katka.connector.api.KatkaListener;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * Consume, then produce: every record of {@value #TOPIC} is acknowledged by a receipt in
 * {@value #RECEIPTS}, sent through the adapter's connection factory before the bean returns.
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "katka-connector"),
    @ActivationConfigProperty(propertyName = "bootstrapServers", propertyValue = "${katka.it.bootstrap}"),
    @ActivationConfigProperty(propertyName = "topics", propertyValue = ReceiptWriter.TOPIC),
    @ActivationConfigProperty(propertyName = "groupId", propertyValue = "receipt-writer"),
    @ActivationConfigProperty(propertyName = "initialOffset", propertyValue = "earliest"),
    @ActivationConfigProperty(propertyName = "maxConcurrency", propertyValue = "2")
})
@ConnectionFactoryDefinition(name = ReceiptWriter.FACTORY,
        interfaceName = "dev.katka.connector.api.KatkaConnectionFactory",
        resourceAdapter = "katka-connector",
        transactionSupport = TransactionSupportLevel.NoTransaction,
        properties = {"bootstrapServers=${katka.it.bootstrap}"})
public class ReceiptWriter implements KatkaListener {

    public static final String TOPIC = "receipts-in";
    public static final String RECEIPTS = "receipts";
    static final String FACTORY = "java:app/katka/receipts";

    @Resource(lookup = FACTORY)
    private KatkaConnectionFactory katka;

    @Override
    public void onRecord(IncomingRecord record) {
        try (KatkaConnection connection = katka.createConnection()) {
            connection.createProducer().send(RECEIPTS, record.key(), record.value());
        }
    }
}
