package dev.katka.connector.outbound;

import jakarta.resource.spi.ConnectionRequestInfo;

/**
 * What an application asks for when it opens a Katka connection: always the same, since every
 * connection of a factory is alike (no user, no per-connection settings).
 *
 * <p>It exists because Payara's connection manager does not cope with a null
 * {@link ConnectionRequestInfo}, which the specification otherwise allows: the connection
 * factory passes {@link #ANY} to {@code allocateConnection} instead.
 *
 * <p>Immutable; all instances are equal.
 */
final class ConnectionRequest implements ConnectionRequestInfo {

    static final ConnectionRequest ANY = new ConnectionRequest();

    private ConnectionRequest() {
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConnectionRequest;
    }

    @Override
    public int hashCode() {
        return ConnectionRequest.class.hashCode();
    }

    @Override
    public String toString() {
        return "any Katka connection";
    }
}
