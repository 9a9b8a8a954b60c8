package dev.katka.topic;

import dev.katka.controller.ControllerAction.Reply;
import dev.katka.controller.ControllerChannel;
import dev.katka.controller.ControllerEvent;
import dev.katka.metadata.BrokerMetadata;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.TopicImage;
import dev.katka.metadata.TopicRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.logging.Logger;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topics of the cluster, as this broker's metadata image has them, and the way to change
 * them: through the controller, which decides, appends the change to the metadata log and answers
 * once this broker has applied it.
 *
 * <p>Refusals come back as the Kafka error a client expects ({@link
 * org.apache.kafka.common.errors.TopicExistsException}, {@link
 * org.apache.kafka.common.errors.InvalidTopicException}, NOT_CONTROLLER when this broker cannot
 * reach the controller, ...), each naming what was wrong.
 *
 * <p>Thread-safety: lookups are lock-free and see one image; changes block until the controller
 * answers, so they must not run on a network thread.
 */
public final class TopicRegistry implements BrokerMetadata.Listener {

    private static final Logger LOG = Logger.getLogger(TopicRegistry.class.getName());

    private final ControllerChannel controller;
    private final Duration timeout;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    /**
     * @param timeout how long a change may wait for the controller's answer
     */
    public TopicRegistry(ControllerChannel controller, Duration timeout) {
        this.controller = controller;
        this.timeout = timeout;
    }

    @Override
    public void imageChanged(MetadataImage before, MetadataImage after) {
        if (before.topics() != after.topics()) {
            snapshot = Snapshot.of(after);
        }
    }

    public Optional<TopicRecord> get(String name) {
        return Optional.ofNullable(snapshot.byName.get(name));
    }

    public Optional<TopicRecord> get(Uuid id) {
        return Optional.ofNullable(snapshot.byId.get(id));
    }

    public Collection<TopicRecord> all() {
        return snapshot.byName.values();
    }

    /**
     * Creates a topic with replicas placed by the controller.
     *
     * @param validateOnly check everything, change nothing
     */
    public TopicRecord create(String name, int partitions, short replicationFactor, Map<String, String> configs,
                              boolean validateOnly) {
        return create(name, partitions, replicationFactor, configs, null, validateOnly);
    }

    /**
     * Creates a topic.
     *
     * @param assignment the replicas of each partition, or null to let the controller place them
     */
    public TopicRecord create(String name, int partitions, short replicationFactor, Map<String, String> configs,
                              List<List<Integer>> assignment, boolean validateOnly) {
        TopicImage created = (TopicImage) ask(id -> new ControllerEvent.CreateTopic(id, name, partitions,
                replicationFactor, configs, assignment, validateOnly)).value();
        TopicRecord topic = TopicRecord.of(created);
        if (!validateOnly) {
            LOG.info(() -> "Created topic " + name + " (" + topic.id() + ") with " + topic.partitionCount()
                    + " partition(s), replication factor " + topic.replicationFactor()
                    + (topic.configs().isEmpty() ? "" : " and configs " + topic.configs()));
        }
        return topic;
    }

    /** Deletes a topic and, on every broker holding a replica, its data. */
    public TopicRecord delete(TopicRecord topic) {
        ask(id -> new ControllerEvent.DeleteTopic(id, topic.id()));
        LOG.info(() -> "Deleted topic " + topic.name() + " (" + topic.id() + ")");
        return topic;
    }

    /** Replaces a topic's configuration overrides. */
    public TopicRecord replaceConfigs(TopicRecord topic, Map<String, String> configs, boolean validateOnly) {
        @SuppressWarnings("unchecked")
        Map<String, String> validated = (Map<String, String>) ask(id -> new ControllerEvent.AlterConfigs(id,
                topic.id(), configs, validateOnly)).value();
        TopicRecord changed = current(topic).withConfigs(validated);
        if (!validateOnly) {
            LOG.info(() -> "Set the configs of topic " + topic.name() + " to " + validated);
        }
        return changed;
    }

    /** Raises a topic's partition count. */
    public TopicRecord increasePartitions(TopicRecord topic, int count, boolean validateOnly) {
        TopicRecord current = current(topic);
        ask(id -> new ControllerEvent.CreatePartitions(id, topic.id(), count, validateOnly));
        if (!validateOnly) {
            LOG.info(() -> "Increased partitions of topic " + current.name() + " from " + current.partitionCount()
                    + " to " + count);
        }
        return current.withPartitionCount(count);
    }

    /** Looks a topic up by name for a client request. */
    public TopicRecord require(String name) {
        return get(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist."));
    }

    /** Looks a topic up by id for a client request. */
    public TopicRecord require(Uuid id) {
        return get(id).orElseThrow(() -> new UnknownTopicIdException("No topic has id " + id + "."));
    }

    private TopicRecord current(TopicRecord topic) {
        TopicRecord current = snapshot.byId.get(topic.id());
        if (current == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic.name() + "' does not exist.");
        }
        return current;
    }

    /** Asks the controller and waits for its answer; a refusal is thrown as its Kafka error. */
    private Reply ask(LongFunction<ControllerEvent.Request> request) {
        return controller.call(request, timeout);
    }

    /** Immutable lookup tables, made from one image. */
    private record Snapshot(Map<String, TopicRecord> byName, Map<Uuid, TopicRecord> byId) {

        static Snapshot of(MetadataImage image) {
            Map<String, TopicRecord> byName = new HashMap<>();
            Map<Uuid, TopicRecord> byId = new HashMap<>();
            for (TopicImage topic : image.topics().values()) {
                TopicRecord record = TopicRecord.of(topic);
                byName.put(record.name(), record);
                byId.put(record.id(), record);
            }
            return new Snapshot(Map.copyOf(byName), Map.copyOf(byId));
        }
    }
}
