package dev.katka.connector.inbound;

import dev.katka.connector.AdapterClassLoader;
import dev.katka.connector.api.KatkaListener;
import dev.katka.connector.config.Placeholders;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.io.Serializable;

/**
 * What a message-driven bean says about the records it wants, in its activation properties:
 *
 * <pre>{@code
 * @MessageDriven(activationConfig = {
 *     @ActivationConfigProperty(propertyName = "topics", propertyValue = "orders"),
 *     @ActivationConfigProperty(propertyName = "groupId", propertyValue = "billing"),
 *     @ActivationConfigProperty(propertyName = "deadLetterTopic", propertyValue = "orders.dlt")})
 * public class Billing implements KatkaListener { ... }
 * }</pre>
 *
 * <p>Every property is text, even the numbers, so that each may be a placeholder
 * ({@code ${ENV=NAME}}, {@code ${system.property}}) that is expanded when the activation starts;
 * {@link #validate()} expands and checks them all.
 *
 * <p>A JavaBean the container fills in before activation; not thread-safe, and not meant to be:
 * the adapter reads it once, into {@link ActivationSettings}.
 */
@Activation(messageListeners = KatkaListener.class)
public class KatkaActivationSpec implements ActivationSpec, Serializable {

    private static final long serialVersionUID = 1L;

    @ConfigProperty(description = "host:port pairs of the brokers to bootstrap from, comma separated")
    private String bootstrapServers = "127.0.0.1:9092";

    @ConfigProperty(description = "The topics to consume, comma separated (or set topicPattern)")
    private String topics;

    @ConfigProperty(description = "A regular expression; every topic whose name matches is consumed (or set topics)")
    private String topicPattern;

    @ConfigProperty(description = "The consumer group: required; its committed offsets are where consumption resumes")
    private String groupId;

    @ConfigProperty(description = "The Kafka client id (default: katka-<groupId>)")
    private String clientId;

    @ConfigProperty(description = "Where a group without a committed offset starts: earliest or latest")
    private String initialOffset = "latest";

    @ConfigProperty(description = "How many partitions are delivered in parallel (the bean runs at most this many times at once)")
    private String maxConcurrency = "1";

    @ConfigProperty(description = "The most records one poll returns (max.poll.records)")
    private String pollSize = "500";

    @ConfigProperty(description = "How many times a record the bean failed on is delivered again before it is dead-lettered")
    private String retries = "3";

    @ConfigProperty(description = "Milliseconds between two deliveries of a record the bean failed on")
    private String retryBackoffMs = "1000";

    @ConfigProperty(description = "Where records go after their last retry; without it their partition waits, retrying, until the bean takes them")
    private String deadLetterTopic;

    @ConfigProperty(description = "Milliseconds without heartbeat after which the group gives the partitions to another member")
    private String sessionTimeoutMs = "45000";

    @ConfigProperty(description = "Milliseconds a rebalance or a deactivation waits for deliveries in progress to finish")
    private String drainTimeoutMs = "10000";

    @ConfigProperty(description = "Further Kafka consumer properties: name=value;name=value")
    private String properties;

    private transient ResourceAdapter resourceAdapter;

    /**
     * Checks every property, placeholders expanded.
     *
     * @throws InvalidPropertyException whose message names the property and its value
     */
    @Override
    public void validate() throws InvalidPropertyException {
        settings(Placeholders.ofThisProcess());
    }

    /**
     * The properties expanded with {@code placeholders}, checked and parsed.
     *
     * @throws InvalidPropertyException whose message names the property and its value
     */
    public ActivationSettings settings(Placeholders placeholders) throws InvalidPropertyException {
        try {
            return AdapterClassLoader.call(() -> ActivationSettings.parse(this, placeholders));
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage(), e);
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) throws ResourceException {
        this.resourceAdapter = resourceAdapter;
    }

    public String getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String getTopics() {
        return topics;
    }

    public void setTopics(String topics) {
        this.topics = topics;
    }

    public String getTopicPattern() {
        return topicPattern;
    }

    public void setTopicPattern(String topicPattern) {
        this.topicPattern = topicPattern;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getInitialOffset() {
        return initialOffset;
    }

    public void setInitialOffset(String initialOffset) {
        this.initialOffset = initialOffset;
    }

    public String getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(String maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
    }

    public String getPollSize() {
        return pollSize;
    }

    public void setPollSize(String pollSize) {
        this.pollSize = pollSize;
    }

    public String getRetries() {
        return retries;
    }

    public void setRetries(String retries) {
        this.retries = retries;
    }

    public String getRetryBackoffMs() {
        return retryBackoffMs;
    }

    public void setRetryBackoffMs(String retryBackoffMs) {
        this.retryBackoffMs = retryBackoffMs;
    }

    public String getDeadLetterTopic() {
        return deadLetterTopic;
    }

    public void setDeadLetterTopic(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    public String getSessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public void setSessionTimeoutMs(String sessionTimeoutMs) {
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    public String getDrainTimeoutMs() {
        return drainTimeoutMs;
    }

    public void setDrainTimeoutMs(String drainTimeoutMs) {
        this.drainTimeoutMs = drainTimeoutMs;
    }

    public String getProperties() {
        return properties;
    }

    public void setProperties(String properties) {
        this.properties = properties;
    }

    @Override
    public String toString() {
        return "KatkaActivationSpec[groupId=" + groupId + ", topics=" + topics + ", topicPattern=" + topicPattern + "]";
    }
}
