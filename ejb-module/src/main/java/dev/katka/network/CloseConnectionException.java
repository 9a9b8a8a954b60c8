package dev.katka.network;

/**
 * Completes a request's stage when the right answer is to close the connection rather than to
 * respond: a Produce with acks=0 that failed, whose client only notices through the closed
 * connection (and then refreshes its metadata), as with Kafka.
 */
public final class CloseConnectionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CloseConnectionException(String reason) {
        super(reason, null, false, false);
    }
}
