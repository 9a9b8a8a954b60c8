package dev.katka.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.metadata.MetadataStore.BrokerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JPA store against a real H2 file database, reopened the way a broker restart reopens it. */
class JpaMetadataStoreTest {

    @TempDir
    Path dataDir;

    private H2Metadata metadata;

    private MetadataStore open() {
        metadata = H2Metadata.open(dataDir);
        return metadata.store();
    }

    private MetadataStore reopen() {
        metadata.close();
        return open();
    }

    @AfterEach
    void close() {
        if (metadata != null) {
            metadata.close();
        }
    }

    @Test
    void databaseFileLivesInTheDataDirectory() {
        open().identity();
        assertThat(dataDir.resolve("metadata.mv.db")).exists();
    }

    @Test
    void identityIsRecordedOnceAndSurvivesReopen() {
        MetadataStore store = open();
        assertThat(store.identity()).isEmpty();

        store.saveIdentity(new BrokerIdentity("cluster-a", 3));
        assertThat(reopen().identity()).contains(new BrokerIdentity("cluster-a", 3));

        assertThatThrownBy(() -> metadata.store().saveIdentity(new BrokerIdentity("cluster-b", 4)))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("cluster-b")
                .hasMessageContaining("already records")
                .hasMessageContaining("cluster-a");
        assertThat(metadata.store().identity()).contains(new BrokerIdentity("cluster-a", 3));
    }

    @Test
    void aStoreThatCannotBeOpenedSaysWhere() throws Exception {
        Path notADirectory = Files.createFile(dataDir.resolve("file"));
        assertThatThrownBy(() -> H2Metadata.open(notADirectory).store().identity())
                .hasStackTraceContaining("file");
    }
}
