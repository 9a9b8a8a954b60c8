package dev.katka.container;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigSourceTest {

    @TempDir
    Path dir;

    @Test
    void offersTheFilesKafkaNamesUnderThePrefixBetweenEnvironmentAndDefaults() throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "# comment\nlog.retention.hours = 24 \nlisteners=PLAINTEXT://127.0.0.1:9093\n", UTF_8);

        FileConfigSource source = new FileConfigSource(file.toString());

        assertThat(source.getPropertyNames()).containsExactlyInAnyOrder("katka.log.retention.hours", "katka.listeners");
        assertThat(source.getValue("katka.log.retention.hours")).isEqualTo("24");
        assertThat(source.getValue("log.retention.hours")).isNull();
        assertThat(source.getName()).contains(file.toAbsolutePath().toString());
        assertThat(source.getOrdinal()).isBetween(101, 299);
    }

    @Test
    void withoutTheSystemPropertyItIsEmpty() {
        FileConfigSource source = new FileConfigSource(null);
        assertThat(source.getPropertyNames()).isEmpty();
        assertThat(source.getName()).contains(FileConfigSource.FILE_PROPERTY);
    }

    @Test
    void aNamedFileThatDoesNotExistStopsTheStartNamingIt() {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> new FileConfigSource(missing.toString()))
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining(FileConfigSource.FILE_PROPERTY);
    }
}
