package dev.katka.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One partition of a topic in the saved metadata image: its replicas, ISR, leader and epochs.
 *
 * <p>The four broker lists are each one comma-separated column ({@code "3,1,2"}, empty for none)
 * rather than an element collection: they are short (one entry per replica), always read and
 * written whole, and never searched by member, while the common change of the image is one
 * partition's ISR. As columns that change is a single-row UPDATE; as element collections it would
 * delete and insert collection rows in up to four more tables, and loading the image would need
 * four more queries or joins per partition. The order of each list is kept as written (the first
 * replica is the preferred leader).
 *
 * <p>No foreign key to {@code topic}: declaring one in JPA needs an association to
 * {@link TopicEntity}, whose lazy proxy would be the only one in this persistence unit. Every
 * path that deletes a topic deletes its partitions in the same transaction instead, and
 * {@link JpaMetadataStore#loadImage()} refuses partitions without a topic.
 *
 * <p>A JPA entity: confined to the transaction that loaded it, not thread-safe.
 */
@Entity
@Table(name = "topic_partition")
@IdClass(TopicPartitionEntity.Key.class)
class TopicPartitionEntity {

    /** Room for a few hundred broker ids of up to 10 digits each: far above any replica count. */
    private static final int LIST_LENGTH = 4096;

    /** Kafka's base64 form of the topic id, as in {@code topic.id}. */
    @Id
    @Column(name = "topic_id", length = 22, nullable = false)
    private String topicId;

    @Id
    @Column(name = "partition_index", nullable = false)
    private int partitionIndex;

    @Column(name = "replicas", length = LIST_LENGTH, nullable = false)
    private String replicas;

    @Column(name = "isr", length = LIST_LENGTH, nullable = false)
    private String isr;

    @Column(name = "adding_replicas", length = LIST_LENGTH, nullable = false)
    private String addingReplicas;

    @Column(name = "removing_replicas", length = LIST_LENGTH, nullable = false)
    private String removingReplicas;

    @Column(name = "leader", nullable = false)
    private int leader;

    @Column(name = "leader_epoch", nullable = false)
    private int leaderEpoch;

    @Column(name = "partition_epoch", nullable = false)
    private int partitionEpoch;

    protected TopicPartitionEntity() {
        // for JPA
    }

    TopicPartitionEntity(String topicId, int partitionIndex, PartitionState state) {
        this.topicId = topicId;
        this.partitionIndex = partitionIndex;
        set(state);
    }

    /** Overwrites every column but the key with {@code state}. */
    void set(PartitionState state) {
        this.replicas = join(state.replicas());
        this.isr = join(state.isr());
        this.addingReplicas = join(state.addingReplicas());
        this.removingReplicas = join(state.removingReplicas());
        this.leader = state.leader();
        this.leaderEpoch = state.leaderEpoch();
        this.partitionEpoch = state.partitionEpoch();
    }

    String topicId() {
        return topicId;
    }

    int partitionIndex() {
        return partitionIndex;
    }

    /**
     * @throws MetadataStoreException if a list column is not a comma-separated list of integers
     *                                (the file was damaged or written by something else)
     */
    PartitionState toState() {
        return new PartitionState(parse("replicas", replicas), parse("isr", isr), leader, leaderEpoch,
                partitionEpoch, parse("adding_replicas", addingReplicas), parse("removing_replicas", removingReplicas));
    }

    private static String join(List<Integer> brokerIds) {
        StringBuilder joined = new StringBuilder();
        for (int brokerId : brokerIds) {
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(brokerId);
        }
        return joined.toString();
    }

    private List<Integer> parse(String column, String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<Integer> brokerIds = new ArrayList<>();
        for (String brokerId : value.split(",", -1)) {
            try {
                brokerIds.add(Integer.parseInt(brokerId));
            } catch (NumberFormatException e) {
                throw new MetadataStoreException("partition " + partitionIndex + " of topic id " + topicId
                        + " has " + column + " '" + value + "', not a comma-separated list of broker ids", e);
            }
        }
        return brokerIds;
    }

    /** The primary key: topic id and partition index. Immutable. */
    static final class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String topicId;
        private int partitionIndex;

        Key() {
            // for JPA
        }

        Key(String topicId, int partitionIndex) {
            this.topicId = topicId;
            this.partitionIndex = partitionIndex;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && partitionIndex == key.partitionIndex
                    && Objects.equals(topicId, key.topicId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(topicId, partitionIndex);
        }
    }
}
