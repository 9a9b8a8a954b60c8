package dev.katka.connector.inbound;

import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.api.KatkaException;
import dev.katka.connector.api.KatkaListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * Hands one record to the bean once, through the container: a fresh endpoint, then
 * {@code beforeDelivery}, {@code onRecord}, {@code afterDelivery} and {@code release}, the
 * sequence in which the container runs the bean in its transaction and security context.
 *
 * <p>A delivery succeeded when {@code onRecord} returned normally, {@code afterDelivery} did
 * not fail and, when the container runs the bean in a transaction, that transaction committed.
 *
 * <p>Thread-safe: each call uses an endpoint of its own.
 */
final class EndpointDelivery {

    static final Method ON_RECORD = onRecordMethod();

    private final MessageEndpointFactory factory;
    private final boolean transacted;

    EndpointDelivery(MessageEndpointFactory factory) throws ResourceException {
        this.factory = factory;
        try {
            this.transacted = factory.isDeliveryTransacted(ON_RECORD);
        } catch (NoSuchMethodException e) {
            throw new ResourceException("the message-driven bean of " + factory.getEndpointClass()
                    + " does not implement " + ON_RECORD, e);
        }
    }

    /**
     * Delivers {@code record} once.
     *
     * @throws UnavailableException    when the container has no endpoint for now (the bean is
     *                                 still deploying, or its pool is exhausted): no delivery
     *                                 was attempted
     * @throws DeliveryFailedException when the delivery was attempted and did not succeed
     */
    void deliver(IncomingRecord record) throws UnavailableException, DeliveryFailedException {
        TransactionOutcome outcome = transacted ? new TransactionOutcome() : null;
        MessageEndpoint endpoint = factory.createEndpoint(outcome);
        Throwable failure;
        try {
            failure = deliver(endpoint, record);
        } finally {
            endpoint.release();
        }
        if (failure == null && outcome != null && outcome.rolledBack()) {
            failure = new KatkaException("the transaction of the delivery of " + record + " rolled back");
        }
        if (failure != null) {
            throw new DeliveryFailedException(failure);
        }
    }

    /** The failure of the delivery through {@code endpoint}, or null when the bean took the record. */
    private static Throwable deliver(MessageEndpoint endpoint, IncomingRecord record) {
        try {
            endpoint.beforeDelivery(ON_RECORD);
        } catch (NoSuchMethodException | ResourceException e) {
            return e;
        }
        Throwable failure = null;
        try {
            ((KatkaListener) endpoint).onRecord(record);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            failure = withoutContainerWrapping(e);
        } finally {
            try {
                endpoint.afterDelivery();
            } catch (ResourceException | RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }

    /**
     * What the bean threw, where the container wrapped it: the dead-letter headers should name
     * the bean's exception, not the container's envelope. EJBException is recognised by name
     * because the adapter does not depend on the EJB API.
     */
    private static Throwable withoutContainerWrapping(Throwable thrown) {
        Throwable unwrapped = thrown;
        while (unwrapped.getCause() != null
                && (unwrapped instanceof UndeclaredThrowableException
                || unwrapped instanceof InvocationTargetException
                || unwrapped.getClass().getName().equals("jakarta.ejb.EJBException"))) {
            unwrapped = unwrapped.getCause();
        }
        return unwrapped;
    }

    private static Method onRecordMethod() {
        try {
            return KatkaListener.class.getMethod("onRecord", IncomingRecord.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
