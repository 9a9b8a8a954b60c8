package dev.katka.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single row that records which cluster a data directory belongs to and which broker it is.
 *
 * <p>A JPA entity: confined to the transaction that loaded it, not thread-safe.
 */
@Entity
@Table(name = "broker_identity")
class BrokerIdentityEntity {

    /** There is only ever one identity per store; a fixed key makes a second insert fail. */
    static final int ONLY_ROW = 1;

    @Id
    @Column(name = "id", nullable = false)
    private int id;

    @Column(name = "cluster_id", length = 64, nullable = false)
    private String clusterId;

    @Column(name = "node_id", nullable = false)
    private int nodeId;

    protected BrokerIdentityEntity() {
        // for JPA
    }

    BrokerIdentityEntity(MetadataStore.BrokerIdentity identity) {
        this.id = ONLY_ROW;
        this.clusterId = identity.clusterId();
        this.nodeId = identity.nodeId();
    }

    MetadataStore.BrokerIdentity toIdentity() {
        return new MetadataStore.BrokerIdentity(clusterId, nodeId);
    }
}
