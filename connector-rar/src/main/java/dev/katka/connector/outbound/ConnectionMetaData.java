package dev.katka.connector.outbound;

import jakarta.resource.spi.ManagedConnectionMetaData;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What a Katka managed connection tells the container about the system behind it: a cluster
 * spoken to through the Kafka protocol, by kafka-clients of this version, with no limit on
 * connections and no user. Immutable.
 */
final class ConnectionMetaData implements ManagedConnectionMetaData {

    @Override
    public String getEISProductName() {
        return "Katka (Kafka protocol)";
    }

    @Override
    public String getEISProductVersion() {
        String version = KafkaProducer.class.getPackage().getImplementationVersion();
        return "kafka-clients " + (version == null ? "(version unknown)" : version);
    }

    /** 0: all connections share one producer, so the cluster sees no more of them than one. */
    @Override
    public int getMaxConnections() {
        return 0;
    }

    @Override
    public String getUserName() {
        return null;
    }
}
