package dev.katka.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.metadata.MetadataRecord.AddPartitions;
import dev.katka.metadata.MetadataRecord.AllocateProducerIds;
import dev.katka.metadata.MetadataRecord.ChangePartition;
import dev.katka.metadata.MetadataRecord.ChangeTopicConfigs;
import dev.katka.metadata.MetadataRecord.CreateTopic;
import dev.katka.metadata.MetadataRecord.DeleteTopic;
import dev.katka.metadata.MetadataRecord.FenceBroker;
import dev.katka.metadata.MetadataRecord.RegisterBroker;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Example;
import net.jqwik.api.Provide;
import org.apache.kafka.common.Uuid;

/**
 * Every metadata record variant, every log entry and every image survives encoding and decoding
 * unchanged; equal values encode to equal bytes (the data grid compares by bytes); damaged input
 * is refused with {@link IllegalArgumentException}, never half-read.
 */
class MetadataRecordCodecTest {

    @Property(tries = 500)
    void everyRecordRoundTrips(@ForAll("records") MetadataRecord record) {
        assertThat(MetadataRecordCodec.decodeRecord(MetadataRecordCodec.encode(record))).isEqualTo(record);
    }

    @Property(tries = 200)
    void entriesRoundTrip(@ForAll("records") MetadataRecord record, @ForAll long version, @ForAll int epoch) {
        MetadataLogEntry entry = new MetadataLogEntry(version, epoch, record);
        assertThat(MetadataRecordCodec.decodeEntry(MetadataRecordCodec.encode(entry))).isEqualTo(entry);
    }

    @Property(tries = 100)
    void imagesRoundTripAndEncodeDeterministically(@ForAll("images") MetadataImage image) {
        byte[] bytes = MetadataRecordCodec.encode(image);
        assertThat(MetadataRecordCodec.decodeImage(bytes)).isEqualTo(image);
        // Another map iteration order, the same image: the same bytes.
        MetadataImage shuffled = new MetadataImage(image.version(), image.controllerEpoch(),
                new HashMap<>(image.brokers()), Set.copyOf(image.fenced()), new HashMap<>(image.topics()),
                image.nextProducerId());
        assertThat(MetadataRecordCodec.encode(shuffled)).isEqualTo(bytes);
    }

    @Property(tries = 200)
    void configOrderDoesNotChangeTheBytes(@ForAll("configs") Map<String, String> configs) {
        Uuid id = new Uuid(1, 2);
        Map<String, String> reversed = new LinkedHashMap<>();
        configs.keySet().stream().sorted((a, b) -> b.compareTo(a)).forEach(k -> reversed.put(k, configs.get(k)));
        assertThat(MetadataRecordCodec.encode(new ChangeTopicConfigs(id, reversed)))
                .isEqualTo(MetadataRecordCodec.encode(new ChangeTopicConfigs(id, configs)));
    }

    @Property(tries = 300)
    void damagedBytesAreRefusedOrDecodeToSomethingWellFormed(@ForAll("records") MetadataRecord record,
                                                             @ForAll int cutSeed, @ForAll byte flip) {
        byte[] bytes = MetadataRecordCodec.encode(new MetadataLogEntry(1, 1, record));
        byte[] truncated = Arrays.copyOf(bytes, Math.floorMod(cutSeed, bytes.length));
        assertThatThrownBy(() -> MetadataRecordCodec.decodeEntry(truncated))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] flipped = bytes.clone();
        flipped[Math.floorMod(cutSeed, bytes.length)] ^= (byte) (flip | 1);
        try {
            assertThat(MetadataRecordCodec.decodeEntry(flipped)).isNotNull();
        } catch (IllegalArgumentException expected) {
            // refused: fine
        }
    }

    @Example
    void refusesAnUnknownFormatAndTrailingBytes() {
        byte[] bytes = MetadataRecordCodec.encode(new FenceBroker(3));
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 2;
        assertThatThrownBy(() -> MetadataRecordCodec.decodeRecord(otherFormat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 2");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> MetadataRecordCodec.decodeRecord(longer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the end");
    }

    @Example
    void everyVariantHasAGenerator() {
        // The generators below must cover the sealed interface: a new variant must be added there.
        Set<Class<?>> covered = Set.of(RegisterBroker.class, FenceBroker.class, CreateTopic.class, DeleteTopic.class,
                ChangeTopicConfigs.class, AddPartitions.class, ChangePartition.class, AllocateProducerIds.class);
        Set<Class<?>> variants = Arrays.stream(MetadataRecord.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(variants);
    }

    // ---------------------------------------------------------------- generators

    @Provide
    Arbitrary<MetadataRecord> records() {
        return Arbitraries.oneOf(
                registrations().map(RegisterBroker::new),
                Arbitraries.integers().map(FenceBroker::new),
                topics().map(CreateTopic::new),
                uuids().map(DeleteTopic::new),
                Combinators.combine(uuids(), configs()).as(ChangeTopicConfigs::new),
                Combinators.combine(uuids(), partitions().list().ofMaxSize(5)).as(AddPartitions::new),
                Combinators.combine(uuids(), Arbitraries.integers(), partitions()).as(ChangePartition::new),
                Arbitraries.longs().map(AllocateProducerIds::new));
    }

    @Provide
    Arbitrary<MetadataImage> images() {
        Arbitrary<Map<Integer, BrokerRegistration>> brokers = registrations().list().ofMaxSize(6)
                .map(list -> {
                    Map<Integer, BrokerRegistration> byId = new HashMap<>();
                    list.forEach(b -> byId.put(b.id(), b));
                    return byId;
                });
        Arbitrary<Map<Uuid, TopicImage>> topics = topics().list().ofMaxSize(4).map(list -> {
            Map<Uuid, TopicImage> byId = new HashMap<>();
            list.forEach(t -> byId.put(t.id(), t));
            return byId;
        });
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers(), brokers,
                        Arbitraries.integers().between(0, 10).set().ofMaxSize(4), topics, Arbitraries.longs())
                .as(MetadataImage::new);
    }

    @Provide
    Arbitrary<Map<String, String>> configs() {
        return Arbitraries.maps(text(), text()).ofMaxSize(5);
    }

    private Arbitrary<BrokerRegistration> registrations() {
        return Combinators.combine(Arbitraries.integers(), text(), Arbitraries.integers().between(0, 65535),
                text().injectNull(0.3), Arbitraries.longs()).as(BrokerRegistration::new);
    }

    private Arbitrary<TopicImage> topics() {
        return Combinators.combine(uuids(), text(), configs(), partitions().list().ofMaxSize(4))
                .as(TopicImage::new);
    }

    private Arbitrary<PartitionState> partitions() {
        Arbitrary<List<Integer>> ids = Arbitraries.integers().between(-1, 100).list().ofMaxSize(4);
        return Combinators.combine(ids, ids, Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers(),
                ids, ids).as(PartitionState::new);
    }

    private static Arbitrary<Uuid> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Uuid::new);
    }

    /** Any text a name or config can hold: well-formed UTF-16 (a lone surrogate has no UTF-8 form). */
    private static Arbitrary<String> text() {
        Arbitrary<String> bmp = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(12);
        return Combinators.combine(bmp, Arbitraries.of("", "\uD83D\uDE00")).as(String::concat);
    }
}
