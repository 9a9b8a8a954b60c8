package dev.katka.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The scalar part of the saved metadata image: its version, controller epoch and next producer
 * id. One row, present once an image was saved: its absence means "no image", and saving locks it
 * ({@code SELECT ... FOR UPDATE}) so that concurrent saves queue and each sees the version the
 * other left.
 *
 * <p>A JPA entity: confined to the transaction that loaded it, not thread-safe.
 */
@Entity
@Table(name = "metadata_version")
class MetadataVersionEntity {

    static final int ONLY_ROW = 1;

    @Id
    @Column(name = "id", nullable = false)
    private int id;

    @Column(name = "version", nullable = false)
    private long version;

    @Column(name = "controller_epoch", nullable = false)
    private int controllerEpoch;

    @Column(name = "next_producer_id", nullable = false)
    private long nextProducerId;

    protected MetadataVersionEntity() {
        // for JPA
    }

    MetadataVersionEntity(MetadataImage image) {
        this.id = ONLY_ROW;
        set(image);
    }

    /** Takes the version, controller epoch and next producer id of {@code image}. */
    void set(MetadataImage image) {
        this.version = image.version();
        this.controllerEpoch = image.controllerEpoch();
        this.nextProducerId = image.nextProducerId();
    }

    long version() {
        return version;
    }

    int controllerEpoch() {
        return controllerEpoch;
    }

    long nextProducerId() {
        return nextProducerId;
    }
}
