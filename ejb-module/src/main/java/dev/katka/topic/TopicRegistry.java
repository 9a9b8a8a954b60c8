package dev.katka.topic;

import dev.katka.metadata.MetadataStore;
import dev.katka.metadata.TopicRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.logging.Logger;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

/**
 * The topics this broker serves: looked up from memory on every request, changed through the
 * durable {@link MetadataStore} first and in memory second.
 *
 * <p>Every change is validated here and refused with the Kafka error a client expects
 * ({@link TopicExistsException}, {@link InvalidTopicException}, ...), each naming what was wrong.
 * After a change is stored, the registered {@link Listener}s learn of it (the partition registry
 * opens or deletes logs).
 *
 * <p>Thread-safety: lookups are lock-free and see a consistent snapshot; changes are serialized
 * and block on the metadata store, so they must not run on a network thread.
 */
public final class TopicRegistry {

    private static final Logger LOG = Logger.getLogger(TopicRegistry.class.getName());

    /** Learns of topic changes after they are stored, on the thread that made them. */
    public interface Listener {
        void topicCreated(TopicRecord topic);

        void topicChanged(TopicRecord before, TopicRecord after);

        void topicDeleted(TopicRecord topic);
    }

    private final MetadataStore store;
    private final IntSupplier aliveBrokers;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    /**
     * @param aliveBrokers how many brokers could hold replicas now (the upper bound of a
     *                     replication factor)
     */
    public TopicRegistry(MetadataStore store, IntSupplier aliveBrokers) {
        this.store = store;
        this.aliveBrokers = aliveBrokers;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Reads every topic from the store; listeners are not told (nothing changed). */
    public synchronized Collection<TopicRecord> load() {
        Map<String, TopicRecord> byName = new HashMap<>();
        for (TopicRecord topic : store.topics()) {
            byName.put(topic.name(), topic);
        }
        snapshot = Snapshot.of(byName);
        return byName.values();
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
     * Creates a topic.
     *
     * @param partitions        the partition count, or -1 for the default
     * @param replicationFactor the replication factor, or -1 for the default
     * @param validateOnly      check everything, change nothing
     */
    public synchronized TopicRecord create(String name, int partitions, short replicationFactor,
                                           Map<String, String> configs, boolean validateOnly) {
        validateName(name);
        if (snapshot.byName.containsKey(name)) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        String collision = collidingTopic(name);
        if (collision != null) {
            throw new InvalidTopicException("Topic '" + name + "' collides with existing topic '" + collision
                    + "': names that differ only in '.' and '_' would share metric names.");
        }
        if (partitions < 1) {
            throw new InvalidPartitionsException("Number of partitions must be at least 1, was " + partitions + ".");
        }
        if (replicationFactor < 1) {
            throw new InvalidReplicationFactorException("Replication factor must be at least 1, was "
                    + replicationFactor + ".");
        }
        int brokers = aliveBrokers.getAsInt();
        if (replicationFactor > brokers) {
            throw new InvalidReplicationFactorException("Replication factor " + replicationFactor
                    + " is larger than the number of available brokers (" + brokers + ").");
        }
        Map<String, String> overrides = TopicConfigs.validate(configs);
        TopicRecord topic = new TopicRecord(Uuid.randomUuid(), name, partitions, replicationFactor, overrides);
        if (validateOnly) {
            return topic;
        }
        store.createTopic(topic);
        snapshot = snapshot.with(topic);
        LOG.info(() -> "Created topic " + name + " (" + topic.id() + ") with " + partitions + " partition(s)"
                + (overrides.isEmpty() ? "" : " and configs " + overrides));
        try {
            listeners.forEach(l -> l.topicCreated(topic));
        } catch (RuntimeException e) {
            // The topic must not exist on paper without logs behind it.
            store.deleteTopic(topic.id());
            snapshot = snapshot.without(topic);
            listeners.forEach(l -> l.topicDeleted(topic));
            throw e;
        }
        return topic;
    }

    /** Deletes a topic and, through the listeners, its data. */
    public synchronized TopicRecord delete(TopicRecord topic) {
        if (Topic.isInternal(topic.name())) {
            throw new InvalidRequestException("Topic '" + topic.name() + "' is internal and cannot be deleted.");
        }
        store.deleteTopic(topic.id());
        snapshot = snapshot.without(topic);
        LOG.info(() -> "Deleted topic " + topic.name() + " (" + topic.id() + ")");
        listeners.forEach(l -> l.topicDeleted(topic));
        return topic;
    }

    /** Replaces a topic's configuration overrides. */
    public synchronized TopicRecord replaceConfigs(TopicRecord topic, Map<String, String> configs,
                                                   boolean validateOnly) {
        TopicRecord current = current(topic);
        TopicRecord changed = current.withConfigs(TopicConfigs.validate(configs));
        if (validateOnly || changed.configs().equals(current.configs())) {
            return changed;
        }
        store.updateTopicConfigs(current.id(), changed.configs());
        snapshot = snapshot.with(changed);
        LOG.info(() -> "Changed configs of topic " + current.name() + " to " + changed.configs());
        listeners.forEach(l -> l.topicChanged(current, changed));
        return changed;
    }

    /** Raises a topic's partition count. */
    public synchronized TopicRecord increasePartitions(TopicRecord topic, int count, boolean validateOnly) {
        TopicRecord current = current(topic);
        if (count < current.partitionCount()) {
            throw new InvalidPartitionsException("Topic '" + current.name() + "' has " + current.partitionCount()
                    + " partitions; the count can only grow, not shrink to " + count + ".");
        }
        if (count == current.partitionCount()) {
            throw new InvalidPartitionsException("Topic '" + current.name() + "' already has " + count + " partitions.");
        }
        TopicRecord changed = current.withPartitionCount(count);
        if (validateOnly) {
            return changed;
        }
        store.updatePartitionCount(current.id(), count);
        snapshot = snapshot.with(changed);
        LOG.info(() -> "Increased partitions of topic " + current.name() + " from " + current.partitionCount()
                + " to " + count);
        listeners.forEach(l -> l.topicChanged(current, changed));
        return changed;
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

    private static void validateName(String name) {
        if (name == null) {
            throw new InvalidTopicException("Topic name is missing.");
        }
        Topic.validate(name);
    }

    private String collidingTopic(String name) {
        for (String existing : snapshot.byName.keySet()) {
            if (Topic.hasCollision(name, existing)) {
                return existing;
            }
        }
        return null;
    }

    /** Immutable lookup tables, replaced as a whole on every change. */
    private record Snapshot(Map<String, TopicRecord> byName, Map<Uuid, TopicRecord> byId) {

        static Snapshot of(Map<String, TopicRecord> byName) {
            Map<Uuid, TopicRecord> byId = new HashMap<>();
            byName.values().forEach(t -> byId.put(t.id(), t));
            return new Snapshot(Map.copyOf(byName), Map.copyOf(byId));
        }

        Snapshot with(TopicRecord topic) {
            Map<String, TopicRecord> names = new HashMap<>(byName);
            names.put(topic.name(), topic);
            return of(names);
        }

        Snapshot without(TopicRecord topic) {
            Map<String, TopicRecord> names = new HashMap<>(byName);
            names.remove(topic.name());
            return of(names);
        }
    }
}
