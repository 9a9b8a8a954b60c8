package dev.katka.connector;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;

/**
 * The resource adapter's life cycle in the container.
 *
 * <p>Outbound connection factories and inbound delivery to message-driven beans are added by
 * the resource adapter work (issue 4); until then the adapter deploys, starts and stops so that
 * both packagings (standalone {@code .rar} on Payara Micro, module of {@code katka.ear}) are real.
 */
public class KatkaResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(KatkaResourceAdapter.class.getName());

    @Override
    public void start(BootstrapContext context) {
        LOG.info("Katka resource adapter started");
    }

    @Override
    public void stop() {
        LOG.info("Katka resource adapter stopped");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec)
            throws ResourceException {
        throw new jakarta.resource.NotSupportedException("inbound delivery is not available yet");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // nothing was activated
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KatkaResourceAdapter;
    }

    @Override
    public int hashCode() {
        return KatkaResourceAdapter.class.hashCode();
    }
}
