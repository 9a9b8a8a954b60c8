package dev.katka.broker;

/** The broker could not start; the message says why in words an operator can act on. */
public class BrokerStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerStartupException(String message) {
        super(message);
    }

    public BrokerStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
