package dev.katka.metadata;

import dev.katka.metadata.MetadataRecord.AddPartitions;
import dev.katka.metadata.MetadataRecord.AllocateProducerIds;
import dev.katka.metadata.MetadataRecord.ChangePartition;
import dev.katka.metadata.MetadataRecord.ChangeTopicConfigs;
import dev.katka.metadata.MetadataRecord.CreateTopic;
import dev.katka.metadata.MetadataRecord.DeleteTopic;
import dev.katka.metadata.MetadataRecord.FenceBroker;
import dev.katka.metadata.MetadataRecord.RegisterBroker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * The cluster's metadata at one version: brokers, topics, partitions, producer ids.
 *
 * <p>Immutable. {@link #apply} returns the next image; the controller computes its decisions on
 * images and every broker serves Metadata requests from its latest one.
 *
 * @param version         the version of the last record applied (0: nothing yet)
 * @param controllerEpoch the highest controller epoch among the applied records
 * @param brokers         every broker ever registered, by id
 * @param fenced          the registered brokers that are not alive
 * @param topics          by topic id
 * @param nextProducerId  producer ids below it are handed out
 */
public record MetadataImage(long version, int controllerEpoch, Map<Integer, BrokerRegistration> brokers,
                            Set<Integer> fenced, Map<Uuid, TopicImage> topics, long nextProducerId) {

    public static final MetadataImage EMPTY = new MetadataImage(0, 0, Map.of(), Set.of(), Map.of(), 0);

    public MetadataImage {
        brokers = Map.copyOf(brokers);
        fenced = Set.copyOf(fenced);
        topics = Map.copyOf(topics);
    }

    /**
     * The image after one more record.
     *
     * @throws IllegalArgumentException when the entry does not follow this image (a gap in the
     *                                  versions) or comes from a deposed controller
     */
    public MetadataImage apply(MetadataLogEntry entry) {
        if (entry.version() != version + 1) {
            throw new IllegalArgumentException("Metadata version " + entry.version() + " does not follow " + version);
        }
        if (entry.controllerEpoch() < controllerEpoch) {
            throw new IllegalArgumentException("Metadata version " + entry.version() + " comes from controller epoch "
                    + entry.controllerEpoch() + ", older than " + controllerEpoch);
        }
        Builder next = new Builder(this);
        next.apply(entry.record());
        return next.build(entry.version(), entry.controllerEpoch());
    }

    public boolean isAlive(int brokerId) {
        return brokers.containsKey(brokerId) && !fenced.contains(brokerId);
    }

    /** The live brokers, ordered by id. */
    public Set<Integer> aliveBrokers() {
        Set<Integer> alive = new java.util.TreeSet<>(brokers.keySet());
        alive.removeAll(fenced);
        return alive;
    }

    /** The registration of a broker that is alive, if it is. */
    public Optional<BrokerRegistration> aliveBroker(int brokerId) {
        return isAlive(brokerId) ? Optional.of(brokers.get(brokerId)) : Optional.empty();
    }

    /** The registrations of the live brokers, ordered by id. */
    public List<BrokerRegistration> aliveRegistrations() {
        return aliveBrokers().stream().map(brokers::get).toList();
    }

    public Optional<TopicImage> topic(Uuid id) {
        return Optional.ofNullable(topics.get(id));
    }

    public Optional<TopicImage> topic(String name) {
        return topics.values().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<PartitionState> partition(TopicPartition partition) {
        return topic(partition.topic())
                .filter(t -> partition.partition() < t.partitions().size())
                .map(t -> t.partition(partition.partition()));
    }

    /** Calls {@code visitor} for every partition of every topic. */
    public void forEachPartition(BiConsumer<TopicImage, Integer> visitor) {
        for (TopicImage topic : new TreeMap<>(byName()).values()) {
            for (int p = 0; p < topic.partitions().size(); p++) {
                visitor.accept(topic, p);
            }
        }
    }

    private Map<String, TopicImage> byName() {
        Map<String, TopicImage> byName = new HashMap<>();
        topics.values().forEach(t -> byName.put(t.name(), t));
        return byName;
    }

    /** Collects one record's changes; mutable, used only inside {@link #apply}. */
    private static final class Builder {
        private final Map<Integer, BrokerRegistration> brokers;
        private final Set<Integer> fenced;
        private final Map<Uuid, TopicImage> topics;
        private long nextProducerId;

        Builder(MetadataImage image) {
            this.brokers = new HashMap<>(image.brokers);
            this.fenced = new HashSet<>(image.fenced);
            this.topics = new HashMap<>(image.topics);
            this.nextProducerId = image.nextProducerId;
        }

        void apply(MetadataRecord record) {
            if (record instanceof RegisterBroker r) {
                brokers.put(r.registration().id(), r.registration());
                fenced.remove(r.registration().id());
            } else if (record instanceof FenceBroker r) {
                fenced.add(r.brokerId());
            } else if (record instanceof CreateTopic r) {
                topics.put(r.topic().id(), r.topic());
            } else if (record instanceof DeleteTopic r) {
                topics.remove(r.topicId());
            } else if (record instanceof ChangeTopicConfigs r) {
                topics.computeIfPresent(r.topicId(), (id, t) -> t.withConfigs(r.configs()));
            } else if (record instanceof AddPartitions r) {
                topics.computeIfPresent(r.topicId(), (id, t) -> t.withPartitionsAdded(r.partitions()));
            } else if (record instanceof ChangePartition r) {
                topics.computeIfPresent(r.topicId(), (id, t) -> t.withPartition(r.partition(), r.state()));
            } else if (record instanceof AllocateProducerIds r) {
                nextProducerId = Math.max(nextProducerId, r.nextProducerId());
            }
        }

        MetadataImage build(long version, int controllerEpoch) {
            return new MetadataImage(version, controllerEpoch, brokers, fenced, topics, nextProducerId);
        }
    }
}
