package dev.katka.container;

import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The data grid Payara runs: its embedded Hazelcast member, bound in JNDI as
 * {@value #JNDI_NAME}. Katka brokers in one grid form one cluster; a Payara started without
 * its grid ({@code --nocluster}, or the data grid disabled on Payara Server) has none, and the
 * broker then runs alone.
 *
 * <p>Stateless.
 */
final class PayaraDataGrid {

    static final String JNDI_NAME = "payara/Hazelcast";
    private static final Logger LOG = Logger.getLogger(PayaraDataGrid.class.getName());

    private PayaraDataGrid() {
    }

    /** Payara's Hazelcast member, if it runs. */
    static Optional<HazelcastInstance> lookup() {
        Object found;
        try {
            found = InitialContext.doLookup(JNDI_NAME);
        } catch (NamingException e) {
            LOG.info(() -> "Payara's data grid is not running (" + JNDI_NAME + " is not bound): the broker runs alone");
            return Optional.empty();
        }
        if (!(found instanceof HazelcastInstance instance) || !instance.getLifecycleService().isRunning()) {
            LOG.info(() -> "Payara's data grid is not running (" + JNDI_NAME + " is " + found + "): the broker runs alone");
            return Optional.empty();
        }
        return Optional.of(instance);
    }
}
