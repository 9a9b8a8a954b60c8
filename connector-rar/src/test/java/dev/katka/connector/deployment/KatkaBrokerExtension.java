package dev.katka.connector.deployment;

import dev.katka.broker.TestBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a real Katka broker in the test JVM, on the fixed loopback address that the applications
 * deployed to Payara Micro find in the system property {@code katka.it.bootstrap}. It starts
 * before Arquillian deploys (register it first), so a message-driven bean finds its broker up.
 *
 * <p>The broker's data lives in a temporary directory removed when the test class ends.
 */
public final class KatkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    /** host:port of the broker, the same inside Payara Micro (failsafe sets it for both). */
    public static String bootstrapServers() {
        String bootstrap = System.getProperty("katka.it.bootstrap");
        if (bootstrap == null) {
            throw new IllegalStateException("the system property katka.it.bootstrap is not set; run the test through failsafe");
        }
        return bootstrap;
    }

    private TestBroker broker;
    private Path dataDir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("katka-connector-it");
        broker = TestBroker.start(dataDir, Map.of("listeners", "PLAINTEXT://" + bootstrapServers()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
