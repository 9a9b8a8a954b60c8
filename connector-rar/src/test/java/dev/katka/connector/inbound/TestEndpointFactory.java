package dev.katka.connector.inbound;

import dev.katka.connector.api.IncomingRecord;
import dev.katka.connector.api.KatkaListener;
import jakarta.ejb.EJBException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The container's side of a message-driven bean, for tests without a container: endpoints that
 * run the bean between {@code beforeDelivery} and {@code afterDelivery} and, when the bean is
 * transacted, in a transaction that enlists the adapter's XA resource and ends in a two-phase
 * commit, or a rollback when the bean asked for one ({@link #setRollbackOnly}) or threw a runtime
 * exception. Runtime exceptions reach the adapter wrapped in an {@link EJBException}, as the
 * container wraps them.
 *
 * <p>Thread-safe: each endpoint is used by one delivery at a time.
 */
final class TestEndpointFactory implements MessageEndpointFactory {

    private static final ThreadLocal<boolean[]> ROLLBACK_ONLY = new ThreadLocal<>();

    private final KatkaListener bean;
    private final boolean transacted;
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();

    TestEndpointFactory(KatkaListener bean, boolean transacted) {
        this.bean = bean;
        this.transacted = transacted;
    }

    /** What a bean calls to have the transaction of the delivery in progress rolled back. */
    static void setRollbackOnly() {
        ROLLBACK_ONLY.get()[0] = true;
    }

    int endpointsCreated() {
        return created.get();
    }

    int endpointsReleased() {
        return released.get();
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        if (transacted && xaResource == null) {
            throw new IllegalStateException("a transacted delivery needs the adapter's XA resource");
        }
        created.incrementAndGet();
        return new Endpoint(xaResource);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return transacted;
    }

    @Override
    public String getActivationName() {
        return "test-" + System.identityHashCode(this);
    }

    @Override
    public Class<?> getEndpointClass() {
        return bean.getClass();
    }

    private final class Endpoint implements MessageEndpoint, KatkaListener {

        private final XAResource xaResource;
        private Xid xid;
        private boolean delivering;

        Endpoint(XAResource xaResource) {
            this.xaResource = xaResource;
        }

        @Override
        public void beforeDelivery(Method method) throws ResourceException {
            if (delivering) {
                throw new IllegalStateException("beforeDelivery twice");
            }
            delivering = true;
            ROLLBACK_ONLY.set(new boolean[1]);
            if (transacted) {
                xid = new TestXid();
                try {
                    xaResource.start(xid, XAResource.TMNOFLAGS);
                } catch (XAException e) {
                    throw new ResourceException(e);
                }
            }
        }

        @Override
        public void onRecord(IncomingRecord record) throws Exception {
            if (!delivering) {
                throw new IllegalStateException("onRecord without beforeDelivery");
            }
            try {
                bean.onRecord(record);
            } catch (RuntimeException e) {
                setRollbackOnly();
                throw new EJBException(e);
            }
        }

        @Override
        public void afterDelivery() throws ResourceException {
            if (!delivering) {
                throw new IllegalStateException("afterDelivery without beforeDelivery");
            }
            delivering = false;
            boolean rollback = ROLLBACK_ONLY.get()[0];
            ROLLBACK_ONLY.remove();
            if (!transacted) {
                return;
            }
            try {
                xaResource.end(xid, rollback ? XAResource.TMFAIL : XAResource.TMSUCCESS);
                if (rollback) {
                    xaResource.rollback(xid);
                } else if (xaResource.prepare(xid) == XAResource.XA_OK) {
                    xaResource.commit(xid, false);
                }
            } catch (XAException e) {
                throw new ResourceException(e);
            }
        }

        @Override
        public void release() {
            released.incrementAndGet();
        }
    }

    private static final class TestXid implements Xid {

        private final byte[] id = UUID.randomUUID().toString().getBytes();

        @Override
        public int getFormatId() {
            return 4242;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return id;
        }

        @Override
        public byte[] getBranchQualifier() {
            return new byte[] {1};
        }
    }
}
