package dev.katka.connector.api;

/** Something the application asked of Katka did not happen; the message and cause say why. */
public class KatkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KatkaException(String message) {
        super(message);
    }

    public KatkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
