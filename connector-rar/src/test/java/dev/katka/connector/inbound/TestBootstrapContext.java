package dev.katka.connector.inbound;

import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Timer;

/** The container's services to a resource adapter, for tests: only the work manager. */
record TestBootstrapContext(WorkManager workManager) implements BootstrapContext {

    @Override
    public WorkManager getWorkManager() {
        return workManager;
    }

    @Override
    public XATerminator getXATerminator() {
        throw new UnsupportedOperationException("not needed by inbound delivery");
    }

    @Override
    public Timer createTimer() {
        throw new UnsupportedOperationException("not needed by inbound delivery");
    }

    @Override
    public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
        return false;
    }

    @Override
    public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
        throw new UnsupportedOperationException("not needed by inbound delivery");
    }
}
