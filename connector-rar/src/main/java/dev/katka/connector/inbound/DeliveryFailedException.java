package dev.katka.connector.inbound;

/**
 * One delivery of a record did not succeed; the cause is why: what the bean threw, the failure
 * of the container around it, or a {@link dev.katka.connector.api.KatkaException} saying that the
 * bean's transaction rolled back.
 */
final class DeliveryFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    DeliveryFailedException(Throwable cause) {
        super(cause.toString(), cause);
    }
}
