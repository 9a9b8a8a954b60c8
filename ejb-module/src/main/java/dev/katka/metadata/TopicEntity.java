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
 * <p>A JPA entity: confined to the transaction that loaded it, not thread-safe. Only
 * {@link JpaMetadataStore} sees it; the rest of the broker sees {@link TopicRecord}.
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

    TopicEntity(TopicRecord topic) {
        this.id = topic.id().toString();
        this.name = topic.name();
        this.partitionCount = topic.partitionCount();
        this.replicationFactor = topic.replicationFactor();
        this.configs = new HashMap<>(topic.configs());
    }

    TopicRecord toRecord() {
        return new TopicRecord(Uuid.fromString(id), name, partitionCount, replicationFactor, configs);
    }

    String name() {
        return name;
    }

    int partitionCount() {
        return partitionCount;
    }

    void setPartitionCount(int partitionCount) {
        this.partitionCount = partitionCount;
    }

    void replaceConfigs(Map<String, String> newConfigs) {
        configs.clear();
        configs.putAll(newConfigs);
    }
}
