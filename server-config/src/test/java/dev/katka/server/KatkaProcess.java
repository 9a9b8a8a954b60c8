package dev.katka.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import dev.katka.server.Launcher.LauncherResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One real Katka broker process: Payara Micro with katka.war and katka-connector.rar, launched,
 * stopped and inspected through the launcher {@code server-config/bin/katka}, exactly as an
 * operator does. Each instance has its own data directory and free ports.
 *
 * <p>Not thread-safe: one test thread drives it. {@link #close()} always leaves no process behind.
 */
public final class KatkaProcess implements AutoCloseable {

    /** How long the launcher itself may take: its own start-up deadline plus a build, at worst. */
    private static final Duration LAUNCHER_DEADLINE = Duration.ofMinutes(5);
    /** The launcher's deadline for the broker to become ready (KATKA_STARTUP_TIMEOUT). */
    private static final int STARTUP_TIMEOUT_SECONDS = 150;

    private final Path dataDir;
    private final int kafkaPort;
    private final int httpPort;
    private final int clusterPort;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> systemProperties = new ArrayList<>();
    private Path configFile;

    private KatkaProcess(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.kafkaPort = freePort();
        this.httpPort = freePort();
        this.clusterPort = freePort();
    }

    /** A broker on {@code dataDir} (created if needed), not started yet. */
    public static KatkaProcess on(Path dataDir) {
        return new KatkaProcess(dataDir);
    }

    /** Sets an environment variable of the broker process, e.g. KATKA_LOG_RETENTION_HOURS. */
    public KatkaProcess withEnv(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Passes {@code -Dname=value} to the broker's JVM. */
    public KatkaProcess withSystemProperty(String name, String value) {
        systemProperties.add("-D" + name + "=" + value);
        return this;
    }

    /** Uses this configuration file instead of server-config/katka.properties. */
    public KatkaProcess withConfigFile(Path file) {
        this.configFile = file.toAbsolutePath();
        return this;
    }

    /**
     * Starts the broker and returns once it is ready and its Kafka port answers.
     *
     * @throws AssertionError with the launcher's output (which ends with the log tail) when it fails
     */
    public KatkaProcess start() {
        LauncherResult result = tryStart();
        if (result.exitCode() != 0) {
            throw new AssertionError("katka start failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        return this;
    }

    /** Runs {@code katka start} and reports how it ended, for tests that expect it to fail. */
    public LauncherResult tryStart() {
        List<String> arguments = new ArrayList<>(List.of("start", "--data", dataDir.toString(),
                "--port", String.valueOf(kafkaPort), "--http-port", String.valueOf(httpPort),
                "--cluster-port", String.valueOf(clusterPort),
                // Its own users: a test must not write server-config/users.properties.
                "--users", usersFile().toString()));
        if (configFile != null) {
            arguments.addAll(List.of("--config", configFile.toString()));
        }
        arguments.addAll(systemProperties);
        return launcher(arguments);
    }

    /** Stops the broker gracefully ({@code katka stop}) and waits until the process is gone. */
    public void stop() {
        Optional<ProcessHandle> process = process();
        LauncherResult result = launcher(List.of("stop", "--data", dataDir.toString(), "--timeout", "60"));
        if (result.exitCode() != 0) {
            throw new AssertionError("katka stop failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        process.ifPresent(handle -> await("broker process " + handle.pid() + " to end")
                .atMost(Duration.ofSeconds(30)).until(() -> !handle.isAlive()));
    }

    /** Kills the broker with SIGKILL, by its pid, as a crash would, and waits until it is gone. */
    public void kill() {
        ProcessHandle handle = process().orElseThrow(() -> new AssertionError("no broker process is running on " + dataDir));
        handle.destroyForcibly();
        await("killed broker process " + handle.pid() + " to end")
                .atMost(Duration.ofSeconds(30)).until(() -> !handle.isAlive());
    }

    /** {@code katka status}: its exit code (0 running, 3 stopped) and output. */
    public LauncherResult status() {
        return launcher(List.of("status", "--data", dataDir.toString()));
    }

    /** The running broker process, as the launcher's pid file names it. */
    public Optional<ProcessHandle> process() {
        Path pidFile = runDir().resolve("katka.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile, UTF_8).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What clients put in bootstrap.servers. */
    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The users of this broker's console and REST API (the launcher's {@code --users}). */
    public Path usersFile() {
        return dataDir.resolve("users.properties");
    }

    /** Whether the Kafka port accepts a connection now. */
    public boolean kafkaPortAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", kafkaPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The broker's log (the launcher's {@code DATA/.katka/katka.log}); empty before the first start. */
    public String log() {
        Path log = runDir().resolve("katka.log");
        try {
            return Files.exists(log) ? Files.readString(log, UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves no process behind: a graceful stop, and SIGKILL if that fails. */
    @Override
    public void close() {
        if (process().isEmpty()) {
            return;
        }
        try {
            stop();
        } catch (RuntimeException | AssertionError e) {
            process().ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Path runDir() {
        return dataDir.resolve(".katka");
    }

    private LauncherResult launcher(List<String> arguments) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KATKA_STARTUP_TIMEOUT", String.valueOf(STARTUP_TIMEOUT_SECONDS));
        env.putAll(environment);
        return Launcher.run(arguments, env, LAUNCHER_DEADLINE);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
