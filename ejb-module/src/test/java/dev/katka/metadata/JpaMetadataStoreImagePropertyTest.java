package dev.katka.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.metadata.MetadataRecord.AddPartitions;
import dev.katka.metadata.MetadataRecord.AllocateProducerIds;
import dev.katka.metadata.MetadataRecord.ChangePartition;
import dev.katka.metadata.MetadataRecord.ChangeTopicConfigs;
import dev.katka.metadata.MetadataRecord.CreateTopic;
import dev.katka.metadata.MetadataRecord.DeleteTopic;
import dev.katka.metadata.MetadataRecord.FenceBroker;
import dev.katka.metadata.MetadataRecord.RegisterBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;

/**
 * Any history of metadata records, saved in batches of any size: the store loads exactly the
 * image last saved, also after a restart.
 *
 * <p>Records are drawn as a kind and a seed and made valid against the current image (fence only
 * registered brokers, create only unused names, change only existing partitions), so that every
 * history is one a controller could write; beyond that they are random: ISRs in any order, no
 * leader, reassignments half-way, configurations with commas and non-ASCII, a topic deleted and
 * created again under its name in one save, broker ids up to {@link Integer#MAX_VALUE}.
 */
class JpaMetadataStoreImagePropertyTest {

    enum Kind {
        REGISTER_BROKER, FENCE_BROKER, CREATE_TOPIC, DELETE_TOPIC, CHANGE_CONFIGS, ADD_PARTITIONS,
        CHANGE_PARTITION, REASSIGN, ALLOCATE_PRODUCER_IDS, NEW_CONTROLLER
    }

    /** One record to make, if the image allows one of that kind. */
    record Change(Kind kind, long seed) {
    }

    private static final int[] BROKER_IDS = {0, 1, 2, 3, 4, 1000, Integer.MAX_VALUE};
    private static final String[] TOPIC_NAMES = {"orders", "events", "a", "b", "__consumer_offsets"};
    private static final String[] CONFIG_VALUES = {"1000", "compact", "compact,delete", "", "ünïcødé ✓", "-1"};

    /**
     * Each inner list is applied and saved as one image, checked by loading it; the next save
     * starts from the loaded image, as a broker's does. The last is checked again after a restart.
     * Restarts in between would cost a Hibernate start each and find nothing more: the store keeps
     * nothing outside the database, and every call is a transaction of its own.
     *
     * <p>25 tries: the two Hibernate starts of a try (~90 ms CPU each) are most of its cost, and
     * the property should stay under about 10 s; long histories make up for the tries.
     */
    @Property(tries = 25, shrinking = ShrinkingMode.BOUNDED)
    void theStoreLoadsTheImageLastSaved(@ForAll("histories") List<List<Change>> saves) throws IOException {
        Path dataDir = Files.createTempDirectory("katka-image-property");
        H2Metadata metadata = H2Metadata.open(dataDir);
        try {
            ImageHistory log = new ImageHistory();
            MetadataImage saved = MetadataImage.EMPTY;
            for (List<Change> changes : saves) {
                for (Change change : changes) {
                    if (change.kind() == Kind.NEW_CONTROLLER) {
                        log.newController();
                    } else {
                        recordFor(log.image(), change).ifPresent(log::apply);
                    }
                }
                metadata.store().saveImage(saved, log.image());
                saved = metadata.store().loadImage().orElseThrow();
                assertThat(saved).isEqualTo(log.image());
            }
            metadata.close();
            metadata = H2Metadata.open(dataDir);
            assertThat(metadata.store().loadImage()).contains(log.image());
        } finally {
            metadata.close();
            Utils.delete(dataDir.toFile());
        }
    }

    @Provide
    Arbitrary<List<List<Change>>> histories() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(3, Kind.REGISTER_BROKER),
                Tuple.of(1, Kind.FENCE_BROKER),
                Tuple.of(3, Kind.CREATE_TOPIC),
                Tuple.of(1, Kind.DELETE_TOPIC),
                Tuple.of(1, Kind.CHANGE_CONFIGS),
                Tuple.of(1, Kind.ADD_PARTITIONS),
                Tuple.of(5, Kind.CHANGE_PARTITION),
                Tuple.of(2, Kind.REASSIGN),
                Tuple.of(1, Kind.ALLOCATE_PRODUCER_IDS),
                Tuple.of(1, Kind.NEW_CONTROLLER));
        Arbitrary<Change> change = Combinators.combine(kinds, Arbitraries.longs()).as(Change::new);
        return change.list().ofMinSize(0).ofMaxSize(6).list().ofMinSize(1).ofMaxSize(16);
    }

    /** A record of the change's kind that is valid for {@code image}, or none if the image has nothing to change. */
    private static Optional<MetadataRecord> recordFor(MetadataImage image, Change change) {
        Random random = new Random(change.seed());
        List<Integer> brokers = new ArrayList<>(image.brokers().keySet());
        Collections.sort(brokers);
        List<TopicImage> topics = new ArrayList<>(image.topics().values());
        topics.sort((a, b) -> a.name().compareTo(b.name()));
        switch (change.kind()) {
            case REGISTER_BROKER: {
                int id = BROKER_IDS[random.nextInt(BROKER_IDS.length)];
                String rack = random.nextBoolean() ? "rack-" + random.nextInt(3) : null;
                return Optional.of(new RegisterBroker(new BrokerRegistration(id, "broker-" + id + ".example",
                        9092 + random.nextInt(3), rack, random.nextLong())));
            }
            case FENCE_BROKER:
                return brokers.isEmpty() ? Optional.empty()
                        : Optional.of(new FenceBroker(brokers.get(random.nextInt(brokers.size()))));
            case CREATE_TOPIC: {
                String name = TOPIC_NAMES[random.nextInt(TOPIC_NAMES.length)];
                if (brokers.isEmpty() || image.topic(name).isPresent()) {
                    return Optional.empty();
                }
                int replicationFactor = 1 + random.nextInt(Math.min(3, brokers.size()));
                List<PartitionState> partitions = new ArrayList<>();
                for (int p = 1 + random.nextInt(4); p > 0; p--) {
                    partitions.add(PartitionState.initial(someOf(brokers, replicationFactor, random)));
                }
                return Optional.of(new CreateTopic(new TopicImage(new Uuid(random.nextLong(), random.nextLong()),
                        name, configs(random), partitions)));
            }
            case DELETE_TOPIC:
                return topics.isEmpty() ? Optional.empty()
                        : Optional.of(new DeleteTopic(topics.get(random.nextInt(topics.size())).id()));
            case CHANGE_CONFIGS:
                return topics.isEmpty() ? Optional.empty()
                        : Optional.of(new ChangeTopicConfigs(topics.get(random.nextInt(topics.size())).id(),
                                configs(random)));
            case ADD_PARTITIONS: {
                if (topics.isEmpty()) {
                    return Optional.empty();
                }
                TopicImage topic = topics.get(random.nextInt(topics.size()));
                int replicationFactor = Math.min(topic.replicationFactor(), brokers.size());
                List<PartitionState> added = new ArrayList<>();
                for (int p = 1 + random.nextInt(2); p > 0; p--) {
                    added.add(PartitionState.initial(someOf(brokers, replicationFactor, random)));
                }
                return Optional.of(new AddPartitions(topic.id(), added));
            }
            case CHANGE_PARTITION: {
                if (topics.isEmpty()) {
                    return Optional.empty();
                }
                TopicImage topic = topics.get(random.nextInt(topics.size()));
                int index = random.nextInt(topic.partitions().size());
                PartitionState state = topic.partition(index);
                List<Integer> isr = someOf(state.replicas(), random.nextInt(state.replicas().size() + 1), random);
                PartitionState changed = isr.isEmpty() || random.nextInt(4) == 0
                        ? state.withLeader(PartitionState.NO_LEADER, isr)
                        : random.nextBoolean() ? state.withLeader(isr.get(0), isr) : state.withIsr(isr);
                return Optional.of(new ChangePartition(topic.id(), index, changed));
            }
            case REASSIGN: {
                if (topics.isEmpty()) {
                    return Optional.empty();
                }
                TopicImage topic = topics.get(random.nextInt(topics.size()));
                int index = random.nextInt(topic.partitions().size());
                PartitionState state = topic.partition(index);
                if (!state.addingReplicas().isEmpty() || !state.removingReplicas().isEmpty()) {
                    // Settle the reassignment under way: keep what is not being removed.
                    List<Integer> target = new ArrayList<>(state.replicas());
                    target.removeAll(state.removingReplicas());
                    List<Integer> isr = new ArrayList<>(state.isr());
                    isr.retainAll(target);
                    return Optional.of(new ChangePartition(topic.id(), index,
                            state.withReplicas(target, isr, List.of(), List.of())));
                }
                List<Integer> target = someOf(brokers, state.replicas().size(), random);
                List<Integer> adding = new ArrayList<>(target);
                adding.removeAll(state.replicas());
                List<Integer> removing = new ArrayList<>(state.replicas());
                removing.removeAll(target);
                List<Integer> all = new ArrayList<>(target);
                all.addAll(removing);
                return Optional.of(new ChangePartition(topic.id(), index,
                        state.withReplicas(all, state.isr(), adding, removing)));
            }
            case ALLOCATE_PRODUCER_IDS:
                return Optional.of(new AllocateProducerIds(image.nextProducerId() + 1 + random.nextInt(5000)));
            default:
                throw new IllegalArgumentException("no record for " + change.kind());
        }
    }

    /** {@code count} distinct members of {@code from}, in random order. */
    private static List<Integer> someOf(List<Integer> from, int count, Random random) {
        List<Integer> shuffled = new ArrayList<>(from);
        Collections.shuffle(shuffled, random);
        return new ArrayList<>(shuffled.subList(0, Math.min(count, shuffled.size())));
    }

    private static Map<String, String> configs(Random random) {
        String[] names = {"retention.ms", "cleanup.policy", "min.insync.replicas", "segment.bytes"};
        Map<String, String> configs = new HashMap<>();
        for (String name : names) {
            if (random.nextBoolean()) {
                configs.put(name, CONFIG_VALUES[random.nextInt(CONFIG_VALUES.length)]);
            }
        }
        return configs;
    }
}
