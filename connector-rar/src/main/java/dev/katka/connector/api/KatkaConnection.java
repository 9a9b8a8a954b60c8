package dev.katka.connector.api;

/**
 * An application's handle on the factory's shared producer. Not thread-safe: one connection
 * belongs to one thread at a time, as a JDBC connection does.
 *
 * <p>Closing a connection never loses a record: a send that is still in flight completes
 * through the shared producer, and its {@code CompletionStage} completes as usual.
 */
public interface KatkaConnection extends AutoCloseable {

    /**
     * The producer of this connection.
     *
     * @throws KatkaException if the connection is closed
     */
    KatkaProducer createProducer();

    /** Gives the connection back to the container. Closing twice does nothing. */
    @Override
    void close();
}
