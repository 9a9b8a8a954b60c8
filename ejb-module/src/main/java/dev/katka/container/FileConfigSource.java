package dev.katka.container;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The broker's configuration file as a MicroProfile ConfigSource.
 *
 * <p>The file is named by the system property {@value #FILE_PROPERTY} (the launcher points it at
 * {@code server-config/katka.properties} or the operator's own file). It is written like Kafka's
 * {@code server.properties}, with Kafka's names ({@code log.retention.hours=24}); this source
 * offers them under the broker's prefix ({@code katka.log.retention.hours}) so that they rank
 * with the other sources: system properties (400) and environment variables (300) override the
 * file ({@value #ORDINAL}), which overrides the defaults in code. Without the system property
 * the source is empty.
 *
 * <p>Read once, when the application's Config is built; immutable and thread-safe after that.
 */
public final class FileConfigSource implements ConfigSource {

    /** The system property that names the file. */
    public static final String FILE_PROPERTY = "katka.config.file";

    static final int ORDINAL = 250;

    private final String name;
    private final Map<String, String> properties;

    /** Used by the ServiceLoader (META-INF/services). */
    public FileConfigSource() {
        this(System.getProperty(FILE_PROPERTY));
    }

    FileConfigSource(String file) {
        if (file == null || file.isBlank()) {
            this.name = "Katka configuration file (none: " + FILE_PROPERTY + " is not set)";
            this.properties = Map.of();
        } else {
            Path path = Path.of(file).toAbsolutePath();
            this.name = "Katka configuration file " + path;
            this.properties = read(path);
        }
    }

    /**
     * A file that is named but cannot be read stops the deployment: a broker silently running
     * on defaults instead of its configuration is worse than one that does not start.
     */
    private static Map<String, String> read(Path path) {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            file.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the Katka configuration file " + path
                    + " (system property " + FILE_PROPERTY + ") does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Katka configuration file " + path
                    + " (system property " + FILE_PROPERTY + "): " + e.getMessage(), e);
        }
        Map<String, String> prefixed = new HashMap<>();
        for (String key : file.stringPropertyNames()) {
            prefixed.put(BrokerSettings.PREFIX + key.trim(), file.getProperty(key).trim());
        }
        return Map.copyOf(prefixed);
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
