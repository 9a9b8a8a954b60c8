package dev.katka.connector.inbound;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The adapter's witness in the container-managed transaction of one delivery: the container
 * enlists it in the transaction it starts around the bean, and the transaction manager tells it
 * whether that transaction committed or rolled back. A bean can return normally from
 * {@code onRecord} and still have its work rolled back (it called {@code setRollbackOnly}, or a
 * resource failed to commit); only the outcome of the transaction says whether the record was
 * processed.
 *
 * <p>It holds no data, so it votes yes in prepare and has nothing to recover.
 *
 * <p>Thread-safe: the transaction manager may call it from any thread.
 */
final class TransactionOutcome implements XAResource {

    private volatile boolean rolledBack;

    /** Whether the transaction of the delivery rolled back. */
    boolean rolledBack() {
        return rolledBack;
    }

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public int prepare(Xid xid) {
        // XA_OK, not XA_RDONLY: a read-only vote would mean no commit call, and no outcome.
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
        rolledBack = false;
    }

    @Override
    public void rollback(Xid xid) {
        rolledBack = true;
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        // Each delivery is its own witness; never let the transaction manager join two.
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
