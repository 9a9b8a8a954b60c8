package dev.katka.metadata;

import dev.katka.metadata.MetadataRecord.AddPartitions;
import dev.katka.metadata.MetadataRecord.AllocateProducerIds;
import dev.katka.metadata.MetadataRecord.ChangePartition;
import dev.katka.metadata.MetadataRecord.ChangeTopicConfigs;
import dev.katka.metadata.MetadataRecord.CreateTopic;
import dev.katka.metadata.MetadataRecord.DeleteTopic;
import dev.katka.metadata.MetadataRecord.FenceBroker;
import dev.katka.metadata.MetadataRecord.RegisterBroker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * The bytes of metadata log entries, broker registrations and whole images, as they travel through
 * the data grid.
 *
 * <p>Why a hand-written binary format and not Java serialization or JSON: the grid must be able
 * to store these values on members that do not have Katka's classes (Payara instances that run
 * only applications join the same grid and own partitions of its maps), so they travel as plain
 * {@code byte[]}; the grid compares values by their bytes ({@code replace(key, old, new)},
 * compare-and-set), so the encoding must be deterministic (maps and sets are written sorted); and
 * kafka's {@link Uuid} is not {@code Serializable}. {@link DataOutputStream} gives all of this in
 * one small class with no dependency; JSON would need a binding library the broker does not
 * otherwise carry and is neither smaller nor easier to keep exact (longs, nulls).
 *
 * <p>Format: every top-level value starts with a format byte ({@link #FORMAT}); a reader refuses
 * a format it does not know rather than guessing. A change that older brokers cannot read needs a
 * new format number (and brokers that read both during a rolling upgrade). Strings are a length
 * and UTF-8 bytes (no 64 KiB limit); a nullable string has length -1 for null; lists are a count
 * and their elements; maps are a count and their entries sorted by key.
 *
 * <p>Decoding treats its input as untrusted: counts are checked against the bytes left, unknown
 * tags and trailing bytes are refused; every failure is an {@link IllegalArgumentException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class MetadataRecordCodec {

    /** The format this class writes (and the only one it reads). */
    public static final byte FORMAT = 1;

    private static final byte REGISTER_BROKER = 1;
    private static final byte FENCE_BROKER = 2;
    private static final byte CREATE_TOPIC = 3;
    private static final byte DELETE_TOPIC = 4;
    private static final byte CHANGE_TOPIC_CONFIGS = 5;
    private static final byte ADD_PARTITIONS = 6;
    private static final byte CHANGE_PARTITION = 7;
    private static final byte ALLOCATE_PRODUCER_IDS = 8;

    private MetadataRecordCodec() {
    }

    // ---------------------------------------------------------------- top-level values

    public static byte[] encode(MetadataLogEntry entry) {
        return write(out -> {
            out.writeLong(entry.version());
            out.writeInt(entry.controllerEpoch());
            writeRecord(out, entry.record());
        });
    }

    public static MetadataLogEntry decodeEntry(byte[] bytes) {
        return read(bytes, in -> new MetadataLogEntry(in.readLong(), in.readInt(), readRecord(in)));
    }

    public static byte[] encode(MetadataRecord record) {
        return write(out -> writeRecord(out, record));
    }

    public static MetadataRecord decodeRecord(byte[] bytes) {
        return read(bytes, MetadataRecordCodec::readRecord);
    }

    public static byte[] encode(BrokerRegistration registration) {
        return write(out -> writeRegistration(out, registration));
    }

    public static BrokerRegistration decodeRegistration(byte[] bytes) {
        return read(bytes, MetadataRecordCodec::readRegistration);
    }

    /** A whole image: what a broker too far behind the metadata log starts from. */
    public static byte[] encode(MetadataImage image) {
        return write(out -> {
            out.writeLong(image.version());
            out.writeInt(image.controllerEpoch());
            Map<Integer, BrokerRegistration> brokers = new TreeMap<>(image.brokers());
            out.writeInt(brokers.size());
            for (BrokerRegistration broker : brokers.values()) {
                writeRegistration(out, broker);
            }
            writeInts(out, image.fenced().stream().sorted().toList());
            List<TopicImage> topics = new ArrayList<>(image.topics().values());
            topics.sort(Comparator.comparing((TopicImage t) -> t.id().getMostSignificantBits())
                    .thenComparing(t -> t.id().getLeastSignificantBits()));
            out.writeInt(topics.size());
            for (TopicImage topic : topics) {
                writeTopic(out, topic);
            }
            out.writeLong(image.nextProducerId());
        });
    }

    public static MetadataImage decodeImage(byte[] bytes) {
        return read(bytes, in -> {
            long version = in.readLong();
            int controllerEpoch = in.readInt();
            int brokerCount = count(in, 4);
            Map<Integer, BrokerRegistration> brokers = new HashMap<>();
            for (int i = 0; i < brokerCount; i++) {
                BrokerRegistration broker = readRegistration(in);
                brokers.put(broker.id(), broker);
            }
            Set<Integer> fenced = new HashSet<>(readInts(in));
            int topicCount = count(in, 16);
            Map<Uuid, TopicImage> topics = new HashMap<>();
            for (int i = 0; i < topicCount; i++) {
                TopicImage topic = readTopic(in);
                topics.put(topic.id(), topic);
            }
            long nextProducerId = in.readLong();
            return new MetadataImage(version, controllerEpoch, brokers, fenced, topics, nextProducerId);
        });
    }

    // ---------------------------------------------------------------- records

    private static void writeRecord(DataOutputStream out, MetadataRecord record) throws IOException {
        if (record instanceof RegisterBroker r) {
            out.writeByte(REGISTER_BROKER);
            writeRegistration(out, r.registration());
        } else if (record instanceof FenceBroker r) {
            out.writeByte(FENCE_BROKER);
            out.writeInt(r.brokerId());
        } else if (record instanceof CreateTopic r) {
            out.writeByte(CREATE_TOPIC);
            writeTopic(out, r.topic());
        } else if (record instanceof DeleteTopic r) {
            out.writeByte(DELETE_TOPIC);
            writeUuid(out, r.topicId());
        } else if (record instanceof ChangeTopicConfigs r) {
            out.writeByte(CHANGE_TOPIC_CONFIGS);
            writeUuid(out, r.topicId());
            writeConfigs(out, r.configs());
        } else if (record instanceof AddPartitions r) {
            out.writeByte(ADD_PARTITIONS);
            writeUuid(out, r.topicId());
            writePartitions(out, r.partitions());
        } else if (record instanceof ChangePartition r) {
            out.writeByte(CHANGE_PARTITION);
            writeUuid(out, r.topicId());
            out.writeInt(r.partition());
            writePartition(out, r.state());
        } else if (record instanceof AllocateProducerIds r) {
            out.writeByte(ALLOCATE_PRODUCER_IDS);
            out.writeLong(r.nextProducerId());
        } else {
            // The interface is sealed: a new variant must get a tag here before it can be written.
            throw new IllegalArgumentException("No encoding for " + record.getClass().getName());
        }
    }

    private static MetadataRecord readRecord(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        switch (tag) {
            case REGISTER_BROKER:
                return new RegisterBroker(readRegistration(in));
            case FENCE_BROKER:
                return new FenceBroker(in.readInt());
            case CREATE_TOPIC:
                return new CreateTopic(readTopic(in));
            case DELETE_TOPIC:
                return new DeleteTopic(readUuid(in));
            case CHANGE_TOPIC_CONFIGS:
                return new ChangeTopicConfigs(readUuid(in), readConfigs(in));
            case ADD_PARTITIONS:
                return new AddPartitions(readUuid(in), readPartitions(in));
            case CHANGE_PARTITION:
                return new ChangePartition(readUuid(in), in.readInt(), readPartition(in));
            case ALLOCATE_PRODUCER_IDS:
                return new AllocateProducerIds(in.readLong());
            default:
                throw new IllegalArgumentException("Unknown metadata record type " + tag);
        }
    }

    // ---------------------------------------------------------------- parts

    private static void writeRegistration(DataOutputStream out, BrokerRegistration broker) throws IOException {
        out.writeInt(broker.id());
        writeString(out, broker.host());
        out.writeInt(broker.port());
        writeString(out, broker.rack());
        out.writeLong(broker.incarnation());
    }

    private static BrokerRegistration readRegistration(DataInputStream in) throws IOException {
        return new BrokerRegistration(in.readInt(), readString(in), in.readInt(), readString(in), in.readLong());
    }

    private static void writeTopic(DataOutputStream out, TopicImage topic) throws IOException {
        writeUuid(out, topic.id());
        writeString(out, topic.name());
        writeConfigs(out, topic.configs());
        writePartitions(out, topic.partitions());
    }

    private static TopicImage readTopic(DataInputStream in) throws IOException {
        return new TopicImage(readUuid(in), readString(in), readConfigs(in), readPartitions(in));
    }

    private static void writePartitions(DataOutputStream out, List<PartitionState> partitions) throws IOException {
        out.writeInt(partitions.size());
        for (PartitionState partition : partitions) {
            writePartition(out, partition);
        }
    }

    private static List<PartitionState> readPartitions(DataInputStream in) throws IOException {
        int size = count(in, 28); // four empty lists and three ints
        List<PartitionState> partitions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            partitions.add(readPartition(in));
        }
        return partitions;
    }

    private static void writePartition(DataOutputStream out, PartitionState state) throws IOException {
        writeInts(out, state.replicas());
        writeInts(out, state.isr());
        out.writeInt(state.leader());
        out.writeInt(state.leaderEpoch());
        out.writeInt(state.partitionEpoch());
        writeInts(out, state.addingReplicas());
        writeInts(out, state.removingReplicas());
    }

    private static PartitionState readPartition(DataInputStream in) throws IOException {
        return new PartitionState(readInts(in), readInts(in), in.readInt(), in.readInt(), in.readInt(), readInts(in),
                readInts(in));
    }

    private static void writeConfigs(DataOutputStream out, Map<String, String> configs) throws IOException {
        Map<String, String> sorted = new TreeMap<>(configs);
        out.writeInt(sorted.size());
        for (Map.Entry<String, String> entry : sorted.entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
    }

    private static Map<String, String> readConfigs(DataInputStream in) throws IOException {
        int size = count(in, 8);
        Map<String, String> configs = new HashMap<>();
        for (int i = 0; i < size; i++) {
            String key = readString(in);
            String value = readString(in);
            if (key == null || value == null || configs.put(key, value) != null) {
                throw new IllegalArgumentException("Malformed config entry " + key + "=" + value);
            }
        }
        return configs;
    }

    private static void writeInts(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int value : values) {
            out.writeInt(value);
        }
    }

    private static List<Integer> readInts(DataInputStream in) throws IOException {
        int size = count(in, 4);
        List<Integer> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(in.readInt());
        }
        return values;
    }

    private static void writeUuid(DataOutputStream out, Uuid id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static Uuid readUuid(DataInputStream in) throws IOException {
        return new Uuid(in.readLong(), in.readLong());
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.available()) {
            throw new IllegalArgumentException("String length " + length + " exceeds the " + in.available()
                    + " bytes left");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** A count of elements that each take at least {@code minBytes}: no larger than the input allows. */
    private static int count(DataInputStream in, int minBytes) throws IOException {
        int count = in.readInt();
        if (count < 0 || (long) count * minBytes > in.available()) {
            throw new IllegalArgumentException("Count " + count + " exceeds the " + in.available() + " bytes left");
        }
        return count;
    }

    // ---------------------------------------------------------------- framing

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        // ByteArrayInputStream.available() is exact, which the count checks rely on.
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("Unknown metadata format " + format + " (this broker reads "
                        + FORMAT + ")");
            }
            T value = reader.read(in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes after the end of the value");
            }
            return value;
        } catch (EOFException e) {
            throw new IllegalArgumentException("Truncated metadata value", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading from memory failed", e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            // e.g. a record constructor refusing what it was given (List.copyOf and nulls)
            throw new IllegalArgumentException("Malformed metadata value", e);
        }
    }
}
