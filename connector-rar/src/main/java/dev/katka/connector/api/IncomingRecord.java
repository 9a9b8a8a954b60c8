package dev.katka.connector.api;

import java.util.List;

/** A record delivered to a {@link KatkaListener}. Immutable. */
public interface IncomingRecord {

    String topic();

    int partition();

    long offset();

    /** Milliseconds since the epoch. */
    long timestamp();

    /** The key as written, or null. */
    byte[] key();

    /** The value as written, or null (a tombstone). */
    byte[] value();

    /** The key as UTF-8 text, or null. */
    String keyAsString();

    /** The value as UTF-8 text, or null. */
    String valueAsString();

    /**
     * The value read as JSON (JSON-B) into {@code type}, or null.
     *
     * @throws KatkaException if the value is not JSON of that type
     */
    <T> T valueAs(Class<T> type);

    /** The headers in the order written (a name may occur more than once). */
    List<Header> headers();

    /** The value of the last header of that name, or null. */
    byte[] header(String name);
}
