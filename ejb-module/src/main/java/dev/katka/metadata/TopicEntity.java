package dev.katka.metadata;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A topic row and its configuration overrides (one row each in {@code topic_config}).
 *
 * <p>Written by {@link MetadataStore#saveImage} from a {@link TopicImage}, whose partitions are rows
 * of {@link TopicPartitionEntity}; {@code partition_count} and {@code replication_factor} are
 * derived from its partitions and checked against them when the image is loaded.
 *
 * <p>A JPA entity: confined to the transaction that loaded it, not thread-safe. Only
 * {@link JpaMetadataStore} sees it; the rest of the broker sees {@link TopicImage}.
 */
@Entity
@Table(name = "topic", uniqueConstraints = @UniqueConstraint(name = "topic_name_unique", columnNames = "name"))
class TopicEntity {

    /** Kafka's base64 form of the topic id ({@link Uuid#toString()}), 22 characters. */
    @Id
    @Column(name = "id", length = 22, nullable = false)
    private String id;

    @Column(name = "name", length = 249, nullable = false)
    private String name;

    @Column(name = "partition_count", nullable = false)
    private int partitionCount;

    @Column(name = "replication_factor", nullable = false)
    private short replicationFactor;

    // Eager: every read of a topic needs its overrides, and topics are few.
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "topic_config", joinColumns = @JoinColumn(name = "topic_id"))
    @MapKeyColumn(name = "config_name", length = 255)
    @Column(name = "config_value", length = 4096, nullable = false)
    private Map<String, String> configs = new HashMap<>();

    protected TopicEntity() {
        // for JPA
    }

    TopicEntity(TopicImage topic) {
        this.id = topic.id().toString();
        this.name = topic.name();
        this.partitionCount = topic.partitions().size();
        this.replicationFactor = replicationFactorOf(topic);
        this.configs = new HashMap<>(topic.configs());
    }

    /**
     * Whether the row holds something else than {@code after} although it held {@code before}:
     * only the partitions of a topic changed in most image changes, and those are other rows.
     */
    static boolean rowDiffers(TopicImage before, TopicImage after) {
        return !before.name().equals(after.name())
                || !before.configs().equals(after.configs())
                || before.partitions().size() != after.partitions().size()
                || replicationFactorOf(before) != replicationFactorOf(after);
    }

    /** Makes the row that of {@code topic}, touching only the configuration rows that differ. */
    void set(TopicImage topic) {
        this.name = topic.name();
        this.partitionCount = topic.partitions().size();
        this.replicationFactor = replicationFactorOf(topic);
        configs.keySet().retainAll(topic.configs().keySet());
        topic.configs().forEach((config, value) -> {
            if (!value.equals(configs.get(config))) {
                configs.put(config, value);
            }
        });
    }

    /** What {@link TopicImage#replicationFactor()} says, and 0 for a topic without partitions. */
    private static short replicationFactorOf(TopicImage topic) {
        return topic.partitions().isEmpty() ? 0 : topic.replicationFactor();
    }

    Uuid id() {
        return Uuid.fromString(id);
    }

    Map<String, String> configs() {
        return configs;
    }

    String name() {
        return name;
    }

    int partitionCount() {
        return partitionCount;
    }
}
