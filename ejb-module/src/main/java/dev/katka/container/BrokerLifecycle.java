package dev.katka.container;

import dev.katka.broker.Broker;
import dev.katka.cluster.ClusterCoordination;
import dev.katka.cluster.HazelcastCoordination;
import dev.katka.config.BrokerConfig;
import dev.katka.metadata.JpaMetadataStore;
import dev.katka.metadata.Transactions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.common.utils.Time;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Owns the broker's life cycle in the container: starts it when the application is deployed,
 * stops it gracefully when the application is undeployed or the server shuts down.
 *
 * <p>The broker joins the cluster of the brokers in Payara's data grid ({@link PayaraDataGrid});
 * without a grid it runs alone.
 *
 * <p>A failure to start (invalid configuration, data directory in use, port taken) fails the
 * deployment, with the reason in the server log: a half-started broker is never left serving.
 *
 * <p>Thread-safety: the container calls {@link #start()} and {@link #stop()} once each, on one
 * thread; other beans only read the running broker through {@link #runningBroker()} (a volatile
 * field), so bean-managed concurrency: container locking would only add a lock. Bean-managed transactions because starting the broker is no
 * transaction: each metadata write is its own (see {@link JtaTransactions}).
 */
@Startup
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
// The metadata database lives in the data directory. The URL is resolved by Payara when the
// application is deployed, from system properties and environment variables (${MPCONFIG=...});
// application config sources are not yet loaded then, so data.dir must come from one of those
// two (the launcher passes -Dkatka.data.dir). start() checks that it matches the broker's.
// DB_CLOSE_ON_EXIT=FALSE: H2 must not close the database in its own shutdown hook while the
// broker, stopping in the container's, may still write to it; the pool closes it at undeploy.
// WRITE_DELAY=0: a commit reaches the file before it returns (H2 otherwise batches for 500 ms),
// so a crash right after handing out producer ids cannot hand them out again.
@DataSourceDefinition(
        name = BrokerLifecycle.METADATA_DATA_SOURCE,
        className = "org.h2.jdbcx.JdbcDataSource",
        url = "jdbc:h2:${MPCONFIG=katka.data.dir}/" + BrokerLifecycle.METADATA_DATABASE + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
        user = "sa",
        password = "",
        initialPoolSize = 1,
        minPoolSize = 1,
        maxPoolSize = 8)
public class BrokerLifecycle {

    static final String METADATA_DATA_SOURCE = "java:app/jdbc/katka-metadata";
    static final String METADATA_DATABASE = "metadata";

    private static final Logger LOG = Logger.getLogger(BrokerLifecycle.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    private ManagedThreadFactory threadFactory;

    @Resource(lookup = METADATA_DATA_SOURCE)
    private DataSource metadataDataSource;

    @EJB
    private Transactions transactions;

    private volatile Broker broker;

    @PostConstruct
    void start() {
        Config mpConfig = ConfigProvider.getConfig();
        warnAboutUnknownNames(mpConfig);
        BrokerConfig config = BrokerSettings.read(mpConfig);
        LOG.info(() -> "Katka configuration: " + BrokerSettings.describeExplicit(mpConfig, config));
        checkMetadataDatabaseIsIn(config);
        ClusterCoordination coordination = PayaraDataGrid.lookup()
                .map(grid -> new HazelcastCoordination(grid, HazelcastCoordination.Settings.DEFAULTS, threadFactory))
                .orElse(null);
        Broker started = new Broker(config, new JpaMetadataStore(transactions), coordination, threadFactory, Time.SYSTEM);
        started.start();
        broker = started;
        // The launcher waits for this line: keep "ready" and "bootstrap.servers=" in it.
        LOG.info(() -> "Katka broker " + config.nodeId() + " ready: bootstrap.servers="
                + started.advertisedListener().hostPort() + " data.dir=" + config.dataDir());
    }

    /**
     * The broker while it runs: for the admin services, which reach the cluster through its
     * listener and read what only this broker knows (the size of the logs it holds).
     */
    public Optional<Broker> runningBroker() {
        return Optional.ofNullable(broker);
    }

    @PreDestroy
    void stop() {
        Broker running = broker;
        if (running == null) {
            return;
        }
        broker = null;
        int nodeId = running.config().nodeId();
        logAtShutdown(Level.INFO, "Stopping Katka broker " + nodeId, null);
        try {
            running.stop();
            logAtShutdown(Level.INFO, "Katka broker " + nodeId + " stopped", null);
        } catch (RuntimeException e) {
            // Shutdown goes on regardless; the log says what was not closed cleanly.
            logAtShutdown(Level.SEVERE, "Katka broker " + nodeId + " did not stop cleanly", e);
        }
    }

    /**
     * Logs during shutdown. When the JVM exits (SIGTERM to Payara Micro), java.util.logging's
     * own shutdown hook may already have removed every handler before the container undeploys
     * the application, and the broker's last words would vanish; then they go to standard
     * error, which the launcher writes to the same log file.
     */
    private static void logAtShutdown(Level level, String message, Throwable failure) {
        if (hasHandlers(LOG)) {
            LOG.log(level, message, failure);
            return;
        }
        System.err.printf("%1$tF %1$tT.%1$tL %2$-7s [%3$s] %4$s%n", System.currentTimeMillis(), level, LOG.getName(), message);
        if (failure != null) {
            failure.printStackTrace();
        }
    }

    private static boolean hasHandlers(Logger logger) {
        for (Logger current = logger; current != null; current = current.getParent()) {
            if (current.getHandlers().length > 0) {
                return true;
            }
            if (!current.getUseParentHandlers()) {
                return false;
            }
        }
        return false;
    }

    private static void warnAboutUnknownNames(Config mpConfig) {
        for (String name : BrokerSettings.unknownNames(mpConfig.getPropertyNames())) {
            LOG.warning(() -> "Ignoring unknown Katka setting " + name + " (set by "
                    + BrokerSettings.source(mpConfig, name) + "); broker properties are Kafka's names"
                    + " with the prefix katka., such as katka.log.retention.hours or KATKA_LOG_RETENTION_HOURS");
        }
    }

    /**
     * The data source's URL was resolved at deployment, before the broker's configuration was
     * read; if they disagree (data.dir set only in the configuration file, say) the metadata
     * would live apart from the logs it describes. Refuse that.
     */
    private void checkMetadataDatabaseIsIn(BrokerConfig config) {
        String expected = "jdbc:h2:" + config.dataDir().resolve(METADATA_DATABASE);
        String actual;
        try (Connection connection = metadataDataSource.getConnection()) {
            actual = connection.getMetaData().getURL();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the metadata database in " + config.dataDir()
                    + ": " + e.getMessage(), e);
        }
        if (!actual.equals(expected) && !actual.startsWith(expected + ";")) {
            throw new IllegalStateException("the metadata database is " + actual + " but data.dir is "
                    + config.dataDir() + ": set data.dir as the system property katka.data.dir or the "
                    + "environment variable KATKA_DATA_DIR (an absolute path), not in the configuration file");
        }
    }
}
