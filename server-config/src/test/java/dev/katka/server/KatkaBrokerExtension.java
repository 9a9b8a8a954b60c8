package dev.katka.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real broker process for a whole test class: started before the first test, stopped after
 * the last (a boot costs ~20 s, so classes share one).
 *
 * <pre>
 * &#64;RegisterExtension
 * static final KatkaBrokerExtension BROKER = new KatkaBrokerExtension();
 * ... new KafkaProducer&lt;&gt;(Map.of("bootstrap.servers", BROKER.bootstrapServers(), ...))
 * </pre>
 *
 * Not thread-safe; JUnit calls it from one thread.
 */
public final class KatkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<KatkaProcess> configuration;
    private KatkaProcess broker;

    public KatkaBrokerExtension() {
        this(UnaryOperator.identity());
    }

    /** {@code configuration} adds settings before the start: {@code p -> p.withEnv(...)}. */
    public KatkaBrokerExtension(UnaryOperator<KatkaProcess> configuration) {
        this.configuration = configuration;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory(Path.of("target"), context.getRequiredTestClass().getSimpleName() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = configuration.apply(KatkaProcess.on(dataDir)).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null) {
            broker.close();
        }
    }

    public KatkaProcess broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker starts before the first test of the class");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
