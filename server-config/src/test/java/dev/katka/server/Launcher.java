package dev.katka.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code server-config/bin/katka} as an operator does, to its end, and reports what it
 * printed. Inherited KATKA_* variables are dropped so that only what the test sets reaches the
 * brokers; the test heap is small (the machine runs several brokers at once).
 *
 * <p>Stateless.
 */
final class Launcher {

    private Launcher() {
    }

    /**
     * @param environment variables for the launcher and the brokers it starts
     * @param deadline    how long the launcher may take before the test gives up on it
     */
    static LauncherResult run(List<String> arguments, Map<String, String> environment, Duration deadline) {
        return run(List.of(), arguments, environment, deadline);
    }

    /**
     * @param wrapper the command that runs the launcher, e.g. {@code ip netns exec NAME}; empty
     *                for none
     */
    static LauncherResult run(List<String> wrapper, List<String> arguments, Map<String, String> environment,
                              Duration deadline) {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of("bash", path().toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KATKA_"));
        builder.environment().put("KATKA_HEAP", System.getProperty("katka.test.heap", "512m"));
        builder.environment().putAll(environment);
        try {
            Path output = Files.createTempFile("katka-launcher", ".out");
            try {
                Process launcher = builder.redirectOutput(output.toFile()).start();
                if (!launcher.waitFor(deadline.toSeconds(), TimeUnit.SECONDS)) {
                    launcher.destroyForcibly();
                    throw new AssertionError("katka " + arguments.get(0) + " did not end within " + deadline
                            + ":\n" + Files.readString(output, UTF_8));
                }
                return new LauncherResult(launcher.exitValue(), Files.readString(output, UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running the launcher", e);
        }
    }

    /** server-config/bin/katka; failsafe runs in server-config, and may say so explicitly. */
    static Path path() {
        return Path.of(System.getProperty("katka.launcher", "bin/katka")).toAbsolutePath();
    }

    /** How a launcher command ended: its exit code and everything it printed. */
    record LauncherResult(int exitCode, String output) {
    }
}
