package dev.katka.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A broker of the saved metadata image: its registration and whether it is fenced.
 *
 * <p>Fencing is a column rather than a table of its own because the image fences only registered
 * brokers, and a broker's fencing changes together with its registration (registering unfences).
 *
 * <p>A JPA entity: confined to the transaction that loaded it, not thread-safe.
 */
@Entity
@Table(name = "broker")
class BrokerEntity {

    @Id
    @Column(name = "id", nullable = false)
    private int id;

    @Column(name = "host", length = 255, nullable = false)
    private String host;

    @Column(name = "port", nullable = false)
    private int port;

    /** Null when the broker has no rack, as in {@link BrokerRegistration}. */
    @Column(name = "rack", length = 255)
    private String rack;

    @Column(name = "incarnation", nullable = false)
    private long incarnation;

    @Column(name = "fenced", nullable = false)
    private boolean fenced;

    protected BrokerEntity() {
        // for JPA
    }

    BrokerEntity(BrokerRegistration registration, boolean fenced) {
        this.id = registration.id();
        set(registration, fenced);
    }

    /** Overwrites every column but the id. */
    void set(BrokerRegistration registration, boolean fenced) {
        this.host = registration.host();
        this.port = registration.port();
        this.rack = registration.rack();
        this.incarnation = registration.incarnation();
        this.fenced = fenced;
    }

    int id() {
        return id;
    }

    boolean fenced() {
        return fenced;
    }

    BrokerRegistration toRegistration() {
        return new BrokerRegistration(id, host, port, rack, incarnation);
    }
}
