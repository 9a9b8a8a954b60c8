package dev.katka.metadata;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * A {@link JpaMetadataStore} on a real H2 file database outside the container: the broker's own
 * persistence unit, switched to resource-local transactions and a JDBC URL.
 *
 * <p>For tests of anything that needs a durable metadata store (it is in the test-jar). Close it
 * to release the database file. Thread-safe.
 */
public final class H2Metadata implements AutoCloseable {

    private final EntityManagerFactory entityManagerFactory;
    private final JpaMetadataStore store;

    private H2Metadata(EntityManagerFactory entityManagerFactory) {
        this.entityManagerFactory = entityManagerFactory;
        this.store = new JpaMetadataStore(new ResourceLocalTransactions(entityManagerFactory));
    }

    /** Opens (creating if needed) {@code dataDir/metadata.mv.db}, as the container does. */
    public static H2Metadata open(Path dataDir) {
        return open(dataDir, Map.of());
    }

    /**
     * Opens {@code dataDir/metadata.mv.db} with more persistence unit properties (a Hibernate
     * {@code StatementInspector} that fails a chosen statement, ...).
     */
    public static H2Metadata open(Path dataDir, Map<String, Object> settings) {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        overrides.put("jakarta.persistence.jdbc.driver", "org.h2.Driver");
        overrides.put("jakarta.persistence.jdbc.url", url(dataDir));
        overrides.put("jakarta.persistence.jdbc.user", "sa");
        overrides.put("jakarta.persistence.jdbc.password", "");
        overrides.put("hibernate.transaction.jta.platform", "none");
        overrides.put("hibernate.type.json_format_mapper", NoJsonFormatMapper.class.getName());
        overrides.putAll(settings);
        return new H2Metadata(Persistence.createEntityManagerFactory(JpaMetadataStore.PERSISTENCE_UNIT, overrides));
    }

    /** The JDBC URL of the metadata database in a data directory. */
    public static String url(Path dataDir) {
        return "jdbc:h2:" + dataDir.toAbsolutePath().resolve("metadata") + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0";
    }

    public JpaMetadataStore store() {
        return store;
    }

    /**
     * Hibernate's counters (statements, entity loads, inserts, updates, deletes) for this store,
     * switched on and cleared: they count from this call on, over every thread.
     */
    public Statistics statistics() {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        statistics.setStatisticsEnabled(true);
        statistics.clear();
        return statistics;
    }

    @Override
    public void close() {
        entityManagerFactory.close();
    }
}
