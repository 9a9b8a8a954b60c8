package dev.katka.connector.outbound;

import dev.katka.connector.KatkaResourceAdapter;
import dev.katka.connector.api.KatkaConnection;
import dev.katka.connector.api.KatkaConnectionFactory;
import dev.katka.connector.api.KatkaException;
import dev.katka.connector.config.Placeholders;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;

/**
 * A Katka connection factory as the container configures and pools it: the producer settings
 * the deployer gave (each a JavaBean property; {@code ${ENV=NAME}} and {@code ${name}}
 * placeholders are expanded, see {@link Placeholders}), the one Kafka producer every connection
 * of the factory shares, and the managed connections that hand it out.
 *
 * <p>The shared producer is created when the first connection is opened, so an invalid setting
 * fails that connection with a message naming the property and its value; it is closed, after
 * the records in flight, when the resource adapter stops.
 *
 * <p>Outside a container, {@link #createConnectionFactory()} gives a factory that opens
 * connections directly. Associate it with a started {@link KatkaResourceAdapter} and stop that
 * at the end, so that the producer is closed and no lingering record is lost.
 *
 * <p>Settings are set once, before the first connection; after that the factory is
 * thread-safe.
 */
@ConnectionDefinition(
        connectionFactory = KatkaConnectionFactory.class,
        connectionFactoryImpl = OutboundConnectionFactory.class,
        connection = KatkaConnection.class,
        connectionImpl = ConnectionHandle.class)
public class KatkaManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation, TransactionSupport {

    private static final long serialVersionUID = 1L;

    private String bootstrapServers = "127.0.0.1:9092";
    private String clientId;
    private String acks = "all";
    private String compressionType = "none";
    private String lingerMs;
    private String batchSize;
    private String enableIdempotence = "true";
    private String deliveryTimeoutMs;
    private String requestTimeoutMs;
    private String maxBlockMs;
    private String properties;

    private transient KatkaResourceAdapter resourceAdapter;
    private transient volatile SharedProducer sharedProducer;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager connections) {
        return new OutboundConnectionFactory(this, connections);
    }

    @Override
    public Object createConnectionFactory() {
        return new OutboundConnectionFactory(this, new UnpooledConnectionManager());
    }

    /**
     * A managed connection of this factory, after making sure the shared producer exists: so the
     * first connection is where an invalid setting shows, rather than the first send.
     *
     * @throws InvalidPropertyException naming the property and value when a setting is invalid
     */
    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo request) throws ResourceException {
        try {
            sharedProducer().get();
        } catch (KatkaException e) {
            throw new InvalidPropertyException(e.getMessage(), e);
        }
        return new KatkaManagedConnection(this);
    }

    /**
     * Any managed connection of this factory will do: they all hand out the same shared
     * producer, and there is neither user nor request detail to tell them apart.
     */
    @Override
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo request) {
        for (Object candidate : candidates) {
            // Of this very factory, not an equal one: each factory has its own shared producer,
            // closed with it.
            if (candidate instanceof KatkaManagedConnection connection
                    && connection.factory() == this && !connection.isDestroyed()) {
                return connection;
            }
        }
        return null;
    }

    /**
     * The producer shared by every connection of this factory. Made at the first call rather
     * than at construction because the container sets the properties after constructing; every
     * send comes here, hence no lock once it exists.
     */
    SharedProducer sharedProducer() {
        SharedProducer shared = sharedProducer;
        if (shared == null) {
            synchronized (this) {
                if (sharedProducer == null) {
                    sharedProducer = new SharedProducer(settings(), Placeholders.ofThisProcess(), resourceAdapter);
                }
                shared = sharedProducer;
            }
        }
        return shared;
    }

    /** The settings as the deployer wrote them: what makes two factories equal. */
    ProducerSettings settings() {
        Map<String, String> named = new LinkedHashMap<>();
        putIfSet(named, "bootstrapServers", bootstrapServers);
        putIfSet(named, "clientId", clientId);
        putIfSet(named, "acks", acks);
        putIfSet(named, "compressionType", compressionType);
        putIfSet(named, "lingerMs", lingerMs);
        putIfSet(named, "batchSize", batchSize);
        putIfSet(named, "enableIdempotence", enableIdempotence);
        putIfSet(named, "deliveryTimeoutMs", deliveryTimeoutMs);
        putIfSet(named, "requestTimeoutMs", requestTimeoutMs);
        putIfSet(named, "maxBlockMs", maxBlockMs);
        return new ProducerSettings(named, properties);
    }

    private static void putIfSet(Map<String, String> settings, String property, String value) {
        // An empty value is how a deployment descriptor leaves a property out: Kafka's default.
        if (value != null && !value.isBlank()) {
            settings.put(property, value);
        }
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.NoTransaction;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
        if (!(adapter instanceof KatkaResourceAdapter katka)) {
            throw new ResourceException("a Katka connection factory belongs to the Katka resource adapter, not " + adapter);
        }
        this.resourceAdapter = katka;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    // The specification asks for equality by configuration: the container keeps one pool for
    // equal factories.
    @Override
    public boolean equals(Object other) {
        return other instanceof KatkaManagedConnectionFactory factory && settings().equals(factory.settings());
    }

    @Override
    public int hashCode() {
        return settings().hashCode();
    }

    @Override
    public String toString() {
        return "Katka connection factory (" + settings() + ")";
    }

    // The settings, as JavaBean properties for the container. Strings all: any may be a placeholder.
    // The defaults are the fields' initial values, not @ConfigProperty(defaultValue): Payara Micro
    // applied those over the values an application's @ConnectionFactoryDefinition gave.

    public String getBootstrapServers() {
        return bootstrapServers;
    }

    @ConfigProperty(description = "host:port,host:port of brokers of the cluster to start from (Kafka's bootstrap.servers); default 127.0.0.1:9092")
    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String getClientId() {
        return clientId;
    }

    @ConfigProperty(description = "the producer's client.id, as brokers log and meter it; Kafka chooses one if empty")
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getAcks() {
        return acks;
    }

    @ConfigProperty(description = "how many replicas acknowledge a record before a send completes: all, 1 or 0 (Kafka's acks); default all")
    public void setAcks(String acks) {
        this.acks = acks;
    }

    public String getCompressionType() {
        return compressionType;
    }

    @ConfigProperty(description = "none, gzip, snappy, lz4 or zstd (Kafka's compression.type); default none")
    public void setCompressionType(String compressionType) {
        this.compressionType = compressionType;
    }

    public String getLingerMs() {
        return lingerMs;
    }

    @ConfigProperty(description = "milliseconds a record may wait for others to fill its batch (Kafka's linger.ms)")
    public void setLingerMs(String lingerMs) {
        this.lingerMs = lingerMs;
    }

    public String getBatchSize() {
        return batchSize;
    }

    @ConfigProperty(description = "the most bytes in one batch of records to a partition (Kafka's batch.size)")
    public void setBatchSize(String batchSize) {
        this.batchSize = batchSize;
    }

    public String getEnableIdempotence() {
        return enableIdempotence;
    }

    @ConfigProperty(description = "true: a retried send is written once and in order (Kafka's enable.idempotence; needs acks=all); default true")
    public void setEnableIdempotence(String enableIdempotence) {
        this.enableIdempotence = enableIdempotence;
    }

    public String getDeliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    @ConfigProperty(description = "milliseconds after which a send that is not acknowledged fails, retries included (Kafka's delivery.timeout.ms)")
    public void setDeliveryTimeoutMs(String deliveryTimeoutMs) {
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }

    public String getRequestTimeoutMs() {
        return requestTimeoutMs;
    }

    @ConfigProperty(description = "milliseconds to wait for one broker response (Kafka's request.timeout.ms)")
    public void setRequestTimeoutMs(String requestTimeoutMs) {
        this.requestTimeoutMs = requestTimeoutMs;
    }

    public String getMaxBlockMs() {
        return maxBlockMs;
    }

    @ConfigProperty(description = "milliseconds a send may wait for the topic's metadata or for buffer space (Kafka's max.block.ms)")
    public void setMaxBlockMs(String maxBlockMs) {
        this.maxBlockMs = maxBlockMs;
    }

    public String getProperties() {
        return properties;
    }

    @ConfigProperty(description = "further Kafka producer properties: name=value;name=value (for example security settings)")
    public void setProperties(String properties) {
        this.properties = properties;
    }
}
