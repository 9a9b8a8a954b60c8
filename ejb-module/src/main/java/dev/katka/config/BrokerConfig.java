package dev.katka.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import dev.katka.log.LogConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;

/**
 * The broker's static configuration, under Apache Kafka's own property names.
 *
 * <p>Operators already know these names, so Katka keeps them: {@code log.retention.hours},
 * {@code num.partitions}, {@code listeners}. In the container they are read through
 * MicroProfile Config with the prefix {@code katka.} (so {@code katka.log.retention.hours}, or the
 * environment variable {@code KATKA_LOG_RETENTION_HOURS}); this class sees them without the prefix.
 * Parsing and validation are kafka-clients' {@link ConfigDef}: a bad value fails start-up with a
 * {@link ConfigException} that names the property and the value.
 *
 * <p>Immutable and thread-safe.
 */
public final class BrokerConfig {

    public static final String NODE_ID = "node.id";
    public static final String DATA_DIR = "data.dir";
    public static final String LISTENERS = "listeners";
    public static final String ADVERTISED_LISTENERS = "advertised.listeners";
    public static final String NUM_NETWORK_THREADS = "num.network.threads";
    public static final String SOCKET_REQUEST_MAX_BYTES = "socket.request.max.bytes";
    public static final String AUTO_CREATE_TOPICS_ENABLE = "auto.create.topics.enable";
    public static final String AUTO_LEADER_REBALANCE_ENABLE = "auto.leader.rebalance.enable";
    public static final String DELETE_TOPIC_ENABLE = "delete.topic.enable";
    public static final String NUM_PARTITIONS = "num.partitions";
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String MESSAGE_MAX_BYTES = "message.max.bytes";
    public static final String LOG_SEGMENT_BYTES = "log.segment.bytes";
    public static final String LOG_ROLL_MS = "log.roll.ms";
    public static final String LOG_ROLL_HOURS = "log.roll.hours";
    public static final String LOG_INDEX_SIZE_MAX_BYTES = "log.index.size.max.bytes";
    public static final String LOG_INDEX_INTERVAL_BYTES = "log.index.interval.bytes";
    public static final String LOG_FLUSH_INTERVAL_MESSAGES = "log.flush.interval.messages";
    public static final String LOG_FLUSH_INTERVAL_MS = "log.flush.interval.ms";
    public static final String LOG_RETENTION_MS = "log.retention.ms";
    public static final String LOG_RETENTION_MINUTES = "log.retention.minutes";
    public static final String LOG_RETENTION_HOURS = "log.retention.hours";
    public static final String LOG_RETENTION_BYTES = "log.retention.bytes";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    public static final String LOG_CLEANUP_POLICY = "log.cleanup.policy";
    public static final String LOG_MESSAGE_TIMESTAMP_TYPE = "log.message.timestamp.type";
    public static final String LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS = "log.message.timestamp.before.max.ms";
    public static final String LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS = "log.message.timestamp.after.max.ms";
    public static final String LOG_SEGMENT_DELETE_DELAY_MS = "log.segment.delete.delay.ms";
    public static final String LOG_CLEANER_DELETE_RETENTION_MS = "log.cleaner.delete.retention.ms";
    public static final String LOG_CLEANER_MIN_CLEANABLE_RATIO = "log.cleaner.min.cleanable.ratio";
    public static final String LOG_CLEANER_MIN_COMPACTION_LAG_MS = "log.cleaner.min.compaction.lag.ms";
    public static final String LOG_CLEANER_MAX_COMPACTION_LAG_MS = "log.cleaner.max.compaction.lag.ms";
    public static final String LOG_CLEANER_ENABLE = "log.cleaner.enable";
    public static final String LOG_CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";
    public static final String LOG_CLEANER_IO_BUFFER_SIZE = "log.cleaner.io.buffer.size";
    public static final String LOG_CLEANER_BACKOFF_MS = "log.cleaner.backoff.ms";
    public static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";
    public static final String COMPRESSION_TYPE = "compression.type";
    public static final String UNCLEAN_LEADER_ELECTION_ENABLE = "unclean.leader.election.enable";
    public static final String PRODUCER_ID_EXPIRATION_MS = "producer.id.expiration.ms";
    public static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String OFFSETS_TOPIC_SEGMENT_BYTES = "offsets.topic.segment.bytes";
    public static final String OFFSETS_COMMIT_TIMEOUT_MS = "offsets.commit.timeout.ms";
    public static final String OFFSET_METADATA_MAX_BYTES = "offset.metadata.max.bytes";
    public static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    public static final String GROUP_MIN_SESSION_TIMEOUT_MS = "group.min.session.timeout.ms";
    public static final String GROUP_MAX_SESSION_TIMEOUT_MS = "group.max.session.timeout.ms";
    public static final String GROUP_MAX_SIZE = "group.max.size";
    public static final String OFFSETS_RETENTION_MINUTES = "offsets.retention.minutes";
    public static final String OFFSETS_RETENTION_CHECK_INTERVAL_MS = "offsets.retention.check.interval.ms";

    private static final long HOUR_MS = 60L * 60 * 1000;

    /** Every property the broker understands, with its type, default, valid values and meaning. */
    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(NODE_ID, Type.INT, 1, atLeast(0), HIGH,
                    "The id of this broker, unique in its cluster. Stored in meta.properties on first start; a later start with another id is refused.")
            .define(DATA_DIR, Type.STRING, "data", new ConfigDef.NonEmptyString(), HIGH,
                    "The directory that holds this broker's partition logs, meta.properties and metadata database.")
            .define(LISTENERS, Type.STRING, "PLAINTEXT://127.0.0.1:9092", new ConfigDef.NonEmptyString(), HIGH,
                    "The address the Kafka protocol listener binds to, as PLAINTEXT://host:port. Host 0.0.0.0 binds every interface.")
            .define(ADVERTISED_LISTENERS, Type.STRING, null, HIGH,
                    "The address clients are told to connect to, as PLAINTEXT://host:port. Defaults to the listener's address.")
            .define(NUM_NETWORK_THREADS, Type.INT, 0, atLeast(0), MEDIUM,
                    "Threads that serve the Kafka protocol (Netty event loops). 0 means one per available processor.")
            .define(SOCKET_REQUEST_MAX_BYTES, Type.INT, 100 * 1024 * 1024, atLeast(1), MEDIUM,
                    "The largest request frame accepted. A larger size prefix closes the connection before anything is allocated.")
            .define(AUTO_LEADER_REBALANCE_ENABLE, Type.BOOLEAN, true, HIGH,
                    "Whether the controller moves leadership back to preferred replicas on its own (every 30 s); "
                            + "without it only ElectLeaders does.")
            .define(AUTO_CREATE_TOPICS_ENABLE, Type.BOOLEAN, true, HIGH,
                    "Whether a Metadata request for an unknown topic creates it with the default settings.")
            .define(DELETE_TOPIC_ENABLE, Type.BOOLEAN, true, HIGH,
                    "Whether DeleteTopics is allowed.")
            .define(NUM_PARTITIONS, Type.INT, 1, atLeast(1), MEDIUM,
                    "The number of partitions of a topic created without a partition count.")
            .define(DEFAULT_REPLICATION_FACTOR, Type.SHORT, (short) 1, atLeast(1), MEDIUM,
                    "The replication factor of a topic created without one.")
            .define(MESSAGE_MAX_BYTES, Type.INT, 1024 * 1024 + 12, atLeast(0), HIGH,
                    "The largest record batch accepted; the default of the topic setting max.message.bytes.")
            .define(LOG_SEGMENT_BYTES, Type.INT, 1024 * 1024 * 1024, atLeast(14), HIGH,
                    "The size at which a segment file is rolled; the default of segment.bytes.")
            .define(LOG_ROLL_MS, Type.LONG, null, MEDIUM,
                    "The age at which a segment is rolled; the default of segment.ms. Overrides log.roll.hours.")
            .define(LOG_ROLL_HOURS, Type.INT, 168, atLeast(1), MEDIUM,
                    "The age at which a segment is rolled, in hours.")
            .define(LOG_INDEX_SIZE_MAX_BYTES, Type.INT, 10 * 1024 * 1024, atLeast(4), MEDIUM,
                    "The largest an offset or time index may grow; the default of segment.index.bytes.")
            .define(LOG_INDEX_INTERVAL_BYTES, Type.INT, 4096, atLeast(0), MEDIUM,
                    "Bytes of log between two offset index entries; the default of index.interval.bytes.")
            .define(LOG_FLUSH_INTERVAL_MESSAGES, Type.LONG, Long.MAX_VALUE, atLeast(1), HIGH,
                    "Records appended to a partition between two fsyncs; the default of flush.messages. "
                            + "The default leaves flushing to the operating system, as Kafka does.")
            .define(LOG_FLUSH_INTERVAL_MS, Type.LONG, null, HIGH,
                    "The longest a partition goes without fsync; the default of flush.ms.")
            .define(LOG_RETENTION_MS, Type.LONG, null, HIGH,
                    "How long a segment is kept after its newest record; the default of retention.ms. -1 keeps forever. "
                            + "Overrides log.retention.minutes and log.retention.hours.")
            .define(LOG_RETENTION_MINUTES, Type.INT, null, HIGH,
                    "How long a segment is kept, in minutes. Overrides log.retention.hours.")
            .define(LOG_RETENTION_HOURS, Type.INT, 168, HIGH,
                    "How long a segment is kept, in hours.")
            .define(LOG_RETENTION_BYTES, Type.LONG, -1L, HIGH,
                    "The largest a partition may grow before its oldest segments are deleted; the default of retention.bytes. -1 means no limit.")
            .define(LOG_RETENTION_CHECK_INTERVAL_MS, Type.LONG, 5 * 60 * 1000L, atLeast(1), MEDIUM,
                    "How often retention runs.")
            .define(LOG_CLEANUP_POLICY, Type.LIST, "delete", ValidList.in("compact", "delete"), MEDIUM,
                    "The default of cleanup.policy: delete, compact, or both.")
            .define(LOG_MESSAGE_TIMESTAMP_TYPE, Type.STRING, "CreateTime", ValidString.in("CreateTime", "LogAppendTime"), MEDIUM,
                    "The default of message.timestamp.type.")
            .define(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS, Type.LONG, Long.MAX_VALUE, atLeast(0), MEDIUM,
                    "The default of message.timestamp.before.max.ms.")
            .define(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS, Type.LONG, HOUR_MS, atLeast(0), MEDIUM,
                    "The default of message.timestamp.after.max.ms.")
            .define(LOG_SEGMENT_DELETE_DELAY_MS, Type.LONG, 60_000L, atLeast(0), LOW,
                    "How long a deleted segment's files stay before removal; the default of file.delete.delay.ms.")
            .define(LOG_CLEANER_DELETE_RETENTION_MS, Type.LONG, 24 * HOUR_MS, atLeast(0), MEDIUM,
                    "How long tombstones stay in a compacted log; the default of delete.retention.ms.")
            .define(LOG_CLEANER_MIN_CLEANABLE_RATIO, Type.DOUBLE, 0.5, between(0, 1), MEDIUM,
                    "The dirty share of a compacted log above which the cleaner takes it; the default of min.cleanable.dirty.ratio.")
            .define(LOG_CLEANER_MIN_COMPACTION_LAG_MS, Type.LONG, 0L, atLeast(0), MEDIUM,
                    "How long a record stays uncompacted at least; the default of min.compaction.lag.ms.")
            .define(LOG_CLEANER_MAX_COMPACTION_LAG_MS, Type.LONG, Long.MAX_VALUE, atLeast(1), MEDIUM,
                    "How long a record may stay uncompacted at most; the default of max.compaction.lag.ms.")
            .define(LOG_CLEANER_ENABLE, Type.BOOLEAN, true, MEDIUM,
                    "Whether the log cleaner runs; without it compacted topics grow without bound.")
            .define(LOG_CLEANER_DEDUPE_BUFFER_SIZE, Type.LONG, 128 * 1024 * 1024L, between(1024, Integer.MAX_VALUE), MEDIUM,
                    "The most memory the cleaner's key map may take (24 bytes a key); a log with more dirty keys is "
                            + "cleaned in several passes.")
            .define(LOG_CLEANER_IO_BUFFER_SIZE, Type.INT, 512 * 1024, atLeast(0), MEDIUM,
                    "The cleaner's read and write buffers together; they grow for a batch larger than half of it.")
            .define(LOG_CLEANER_BACKOFF_MS, Type.LONG, 15_000L, atLeast(0), MEDIUM,
                    "How long the cleaner sleeps when no log needs cleaning.")
            .define(MIN_INSYNC_REPLICAS, Type.INT, 1, atLeast(1), HIGH,
                    "The default of min.insync.replicas.")
            .define(COMPRESSION_TYPE, Type.STRING, "producer",
                    ValidString.in("producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"), HIGH,
                    "The default of compression.type.")
            .define(UNCLEAN_LEADER_ELECTION_ENABLE, Type.BOOLEAN, false, HIGH,
                    "The default of unclean.leader.election.enable.")
            .define(PRODUCER_ID_EXPIRATION_MS, Type.INT, 24 * 60 * 60 * 1000, between(1, Integer.MAX_VALUE), LOW,
                    "How long a partition remembers an idle producer's sequence numbers.")
            .define(OFFSETS_TOPIC_NUM_PARTITIONS, Type.INT, 50, atLeast(1), HIGH,
                    "Partitions of __consumer_offsets, created on the first FindCoordinator. Never change it once "
                            + "the topic exists: a group's partition is hash(group.id) modulo this count.")
            .define(OFFSETS_TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 3, atLeast(1), HIGH,
                    "Replication factor of __consumer_offsets; a cluster with fewer live brokers gets one replica "
                            + "per live broker.")
            .define(OFFSETS_TOPIC_SEGMENT_BYTES, Type.INT, 100 * 1024 * 1024, atLeast(1024), MEDIUM,
                    "segment.bytes of __consumer_offsets (small, so compaction has closed segments to clean).")
            .define(OFFSETS_COMMIT_TIMEOUT_MS, Type.INT, 5_000, atLeast(1), MEDIUM,
                    "How long an offset commit or a group's state waits for the in-sync replicas of its "
                            + "__consumer_offsets partition.")
            .define(OFFSET_METADATA_MAX_BYTES, Type.INT, 4096, atLeast(0), MEDIUM,
                    "The longest metadata string a committed offset may carry.")
            .define(GROUP_INITIAL_REBALANCE_DELAY_MS, Type.INT, 3_000, atLeast(0), MEDIUM,
                    "How long the first rebalance of an empty group waits for more members to join (each join "
                            + "waits again, up to the rebalance timeout).")
            .define(GROUP_MIN_SESSION_TIMEOUT_MS, Type.INT, 6_000, atLeast(1), MEDIUM,
                    "The shortest session timeout a member may ask for.")
            .define(GROUP_MAX_SESSION_TIMEOUT_MS, Type.INT, 1_800_000, atLeast(1), MEDIUM,
                    "The longest session timeout a member may ask for.")
            .define(GROUP_MAX_SIZE, Type.INT, Integer.MAX_VALUE, atLeast(1), MEDIUM,
                    "The most members a consumer group may have; one more is refused with GROUP_MAX_SIZE_REACHED.")
            .define(OFFSETS_RETENTION_MINUTES, Type.INT, 7 * 24 * 60, atLeast(1), HIGH,
                    "How long a group's committed offsets are kept after the group became empty (or, for a "
                            + "client without membership, after the commit); a group with members keeps the "
                            + "offsets of the topics it consumes.")
            .define(OFFSETS_RETENTION_CHECK_INTERVAL_MS, Type.LONG, 600_000L, atLeast(1), LOW,
                    "How often the coordinator looks for expired offsets.");

    private final Values values;
    private final Endpoint listener;
    private final Endpoint advertisedListener;

    private BrokerConfig(Map<String, ?> properties) {
        this.values = new Values(properties);
        this.listener = Endpoint.parse(LISTENERS, values.getString(LISTENERS));
        String advertised = values.getString(ADVERTISED_LISTENERS);
        this.advertisedListener = advertised == null
                ? listener.advertisable()
                : Endpoint.parse(ADVERTISED_LISTENERS, advertised);
        if (advertisedListener.host().equals("0.0.0.0")) {
            throw new ConfigException(ADVERTISED_LISTENERS, advertised, "clients cannot connect to 0.0.0.0");
        }
    }

    /**
     * Parses and validates broker properties (names without the {@code katka.} prefix).
     *
     * @throws ConfigException naming the first property whose value is not valid
     */
    public static BrokerConfig parse(Map<String, ?> properties) {
        return new BrokerConfig(properties);
    }

    /** All defaults; what a broker started without any configuration runs with. */
    public static BrokerConfig defaults() {
        return parse(Map.of());
    }

    /** A copy with some properties replaced. */
    public BrokerConfig with(Map<String, ?> overrides) {
        Map<String, Object> merged = new HashMap<>(values.originals());
        merged.putAll(overrides);
        return parse(merged);
    }

    public int nodeId() {
        return values.getInt(NODE_ID);
    }

    public Path dataDir() {
        return Path.of(values.getString(DATA_DIR)).toAbsolutePath().normalize();
    }

    public Endpoint listener() {
        return listener;
    }

    public Endpoint advertisedListener() {
        return advertisedListener;
    }

    /** Netty event loop threads; never less than one. */
    public int networkThreads() {
        int configured = values.getInt(NUM_NETWORK_THREADS);
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    public int socketRequestMaxBytes() {
        return values.getInt(SOCKET_REQUEST_MAX_BYTES);
    }

    public boolean autoLeaderRebalance() {
        return values.getBoolean(AUTO_LEADER_REBALANCE_ENABLE);
    }

    public boolean autoCreateTopics() {
        return values.getBoolean(AUTO_CREATE_TOPICS_ENABLE);
    }

    public boolean deleteTopicEnable() {
        return values.getBoolean(DELETE_TOPIC_ENABLE);
    }

    public int numPartitions() {
        return values.getInt(NUM_PARTITIONS);
    }

    public short defaultReplicationFactor() {
        return values.getShort(DEFAULT_REPLICATION_FACTOR);
    }

    public long retentionCheckIntervalMs() {
        return values.getLong(LOG_RETENTION_CHECK_INTERVAL_MS);
    }

    public long producerIdExpirationMs() {
        return values.getInt(PRODUCER_ID_EXPIRATION_MS);
    }

    /** {@code log.roll.ms}, else {@code log.roll.hours}. */
    public long logRollMs() {
        Long ms = values.getLong(LOG_ROLL_MS);
        return ms != null ? ms : values.getInt(LOG_ROLL_HOURS) * HOUR_MS;
    }

    /** {@code log.retention.ms}, else minutes, else hours; a negative value means forever. */
    public long logRetentionMs() {
        Long ms = values.getLong(LOG_RETENTION_MS);
        if (ms != null) {
            return ms < 0 ? -1 : ms;
        }
        Integer minutes = values.getInt(LOG_RETENTION_MINUTES);
        long retention = minutes != null ? minutes * 60_000L : values.getInt(LOG_RETENTION_HOURS) * HOUR_MS;
        return retention < 0 ? -1 : retention;
    }

    /** {@code log.flush.interval.ms}; never by time when unset. */
    public long logFlushIntervalMs() {
        Long ms = values.getLong(LOG_FLUSH_INTERVAL_MS);
        return ms != null ? ms : Long.MAX_VALUE;
    }

    /** {@code log.cleaner.enable}: whether compacted topics are cleaned. */
    public boolean logCleanerEnable() {
        return values.getBoolean(LOG_CLEANER_ENABLE);
    }

    /** {@code log.cleaner.dedupe.buffer.size}: the memory budget of the cleaner's key map. */
    public long logCleanerDedupeBufferSize() {
        return values.getLong(LOG_CLEANER_DEDUPE_BUFFER_SIZE);
    }

    /** {@code log.cleaner.io.buffer.size}: the cleaner's read plus write buffer. */
    public int logCleanerIoBufferSize() {
        return values.getInt(LOG_CLEANER_IO_BUFFER_SIZE);
    }

    /** {@code log.cleaner.backoff.ms}: the cleaner's pause when nothing needs cleaning. */
    public long logCleanerBackoffMs() {
        return values.getLong(LOG_CLEANER_BACKOFF_MS);
    }

    /** The consumer-group coordinator's settings ({@code offsets.*}, {@code group.*}). */
    public GroupSettings groupSettings() {
        return new GroupSettings(values.getInt(OFFSETS_TOPIC_NUM_PARTITIONS),
                values.getShort(OFFSETS_TOPIC_REPLICATION_FACTOR), values.getInt(OFFSETS_TOPIC_SEGMENT_BYTES),
                values.getInt(OFFSETS_COMMIT_TIMEOUT_MS), values.getInt(OFFSET_METADATA_MAX_BYTES),
                values.getInt(GROUP_INITIAL_REBALANCE_DELAY_MS), values.getInt(GROUP_MIN_SESSION_TIMEOUT_MS),
                values.getInt(GROUP_MAX_SESSION_TIMEOUT_MS), values.getInt(GROUP_MAX_SIZE),
                values.getInt(OFFSETS_RETENTION_MINUTES) * 60_000L, values.getLong(OFFSETS_RETENTION_CHECK_INTERVAL_MS));
    }

    /** The typed value of any defined property (null where the definition allows it). */
    public Object get(String name) {
        return values.values().get(name);
    }

    /** The names the operator set explicitly, as opposed to defaults. */
    public Set<String> explicitlySet() {
        return Collections.unmodifiableSet(values.originals().keySet());
    }

    /** The log settings a topic without overrides gets from this broker's {@code log.*} defaults. */
    public LogConfig defaultLogConfig() {
        List<String> cleanup = values.getList(LOG_CLEANUP_POLICY);
        return new LogConfig(
                values.getInt(LOG_SEGMENT_BYTES),
                logRollMs(),
                values.getInt(LOG_INDEX_SIZE_MAX_BYTES),
                values.getInt(LOG_INDEX_INTERVAL_BYTES),
                values.getLong(LOG_FLUSH_INTERVAL_MESSAGES),
                logFlushIntervalMs(),
                logRetentionMs(),
                values.getLong(LOG_RETENTION_BYTES),
                values.getInt(MESSAGE_MAX_BYTES),
                TimestampType.forName(values.getString(LOG_MESSAGE_TIMESTAMP_TYPE)),
                values.getLong(LOG_MESSAGE_TIMESTAMP_BEFORE_MAX_MS),
                values.getLong(LOG_MESSAGE_TIMESTAMP_AFTER_MAX_MS),
                values.getLong(LOG_SEGMENT_DELETE_DELAY_MS),
                cleanup.contains("delete"),
                cleanup.contains("compact"),
                values.getLong(LOG_CLEANER_DELETE_RETENTION_MS),
                values.getDouble(LOG_CLEANER_MIN_CLEANABLE_RATIO),
                values.getLong(LOG_CLEANER_MIN_COMPACTION_LAG_MS),
                values.getLong(LOG_CLEANER_MAX_COMPACTION_LAG_MS));
    }

    @Override
    public String toString() {
        return "BrokerConfig" + values.values();
    }

    /** kafka-clients' parser; kept private so callers see typed accessors only. */
    private static final class Values extends AbstractConfig {
        Values(Map<String, ?> properties) {
            super(DEFINITION, properties, false);
        }
    }
}
