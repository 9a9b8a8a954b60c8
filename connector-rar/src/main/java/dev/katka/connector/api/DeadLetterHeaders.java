package dev.katka.connector.api;

/**
 * The headers a record carries in the dead-letter topic, added to its own: why it is there and
 * where it came from. Values are UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** The fully qualified class name of the exception the listener threw the last time. */
    public static final String EXCEPTION_CLASS = "katka.dlt.exception.class";
    /** That exception's message (empty when it had none). */
    public static final String EXCEPTION_MESSAGE = "katka.dlt.exception.message";
    /** The topic the record was read from. */
    public static final String ORIGINAL_TOPIC = "katka.dlt.original.topic";
    /** Its partition there, in decimal. */
    public static final String ORIGINAL_PARTITION = "katka.dlt.original.partition";
    /** Its offset there, in decimal. */
    public static final String ORIGINAL_OFFSET = "katka.dlt.original.offset";
    /** How many times it was delivered, in decimal. */
    public static final String DELIVERY_ATTEMPTS = "katka.dlt.delivery.attempts";

    private DeadLetterHeaders() {
    }
}
