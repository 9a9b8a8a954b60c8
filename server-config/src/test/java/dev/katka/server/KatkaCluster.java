package dev.katka.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import dev.katka.server.Launcher.LauncherResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Real Katka brokers on this machine, one cluster: started, restarted and stopped with
 * {@code katka start --brokers N} and {@code katka stop}, as an operator does; killed, paused
 * and resumed by their process ids, as crashes and hangs do. Broker {@code i} (1..N) listens on
 * the {@code i}-th of N consecutive free ports.
 *
 * <p>Not thread-safe: one test thread drives it. {@link #close()} leaves no process behind.
 */
final class KatkaCluster implements AutoCloseable {

    /** Three Payara Micro boots at once on two cores, plus a build at worst. */
    private static final Duration LAUNCHER_DEADLINE = Duration.ofMinutes(8);
    private static final int STARTUP_TIMEOUT_SECONDS = 420;

    private final Path dir;
    private final int size;
    private final int kafkaBase;
    private final int httpBase;
    private final int clusterBase;
    private final Set<Integer> paused = new HashSet<>();

    private KatkaCluster(Path dir, int size) {
        this.dir = dir.toAbsolutePath();
        this.size = size;
        this.kafkaBase = freePorts(size);
        this.httpBase = freePorts(size);
        this.clusterBase = freePorts(size);
    }

    /** A cluster of {@code size} brokers under {@code dir}, not started yet. */
    static KatkaCluster of(Path dir, int size) {
        return new KatkaCluster(dir, size);
    }

    /** Starts every broker that does not run; returns once all are ready. */
    KatkaCluster start() {
        LauncherResult result = Launcher.run(List.of("start", "--brokers", String.valueOf(size),
                        "--data", dir.toString(), "--port", String.valueOf(kafkaBase),
                        "--http-port", String.valueOf(httpBase), "--cluster-port", String.valueOf(clusterBase)),
                Map.of("KATKA_STARTUP_TIMEOUT", String.valueOf(STARTUP_TIMEOUT_SECONDS)), LAUNCHER_DEADLINE);
        if (result.exitCode() != 0) {
            throw new AssertionError("katka start --brokers " + size + " failed (exit " + result.exitCode() + "):\n"
                    + result.output() + logTails());
        }
        return this;
    }

    /** Stops every broker gracefully ({@code katka stop}) and waits until their processes are gone. */
    void stop() {
        List<ProcessHandle> processes = IntStream.rangeClosed(1, size).mapToObj(this::process)
                .flatMap(Optional::stream).toList();
        LauncherResult result = Launcher.run(List.of("stop", "--data", dir.toString(), "--timeout", "60"), Map.of(),
                Duration.ofMinutes(3));
        if (result.exitCode() != 0) {
            throw new AssertionError("katka stop failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        processes.forEach(p -> await("broker process " + p.pid() + " to end").atMost(Duration.ofSeconds(30))
                .until(() -> !p.isAlive()));
    }

    /** SIGKILL, as a crash: the broker is gone without a word. Waits until the process has ended. */
    void kill(int nodeId) {
        ProcessHandle handle = runningProcess(nodeId);
        handle.destroyForcibly();
        await("killed broker " + nodeId + " to end").atMost(Duration.ofSeconds(30)).until(() -> !handle.isAlive());
    }

    /** SIGSTOP, as a hang (a long GC pause, a stalled disk): the process holds its sockets and says nothing. */
    void pause(int nodeId) {
        signal(nodeId, "STOP");
        paused.add(nodeId);
    }

    /** SIGCONT: the paused broker runs on, unaware of the time that passed. */
    void resume(int nodeId) {
        signal(nodeId, "CONT");
        paused.remove(nodeId);
    }

    /** What clients put in bootstrap.servers: every broker. */
    String bootstrapServers() {
        return IntStream.rangeClosed(1, size).mapToObj(i -> "127.0.0.1:" + kafkaPort(i))
                .collect(Collectors.joining(","));
    }

    int kafkaPort(int nodeId) {
        return kafkaBase + nodeId - 1;
    }

    /** The broker's log file. */
    String log(int nodeId) {
        Path log = brokerDir(nodeId).resolve(".katka").resolve("katka.log");
        try {
            return Files.exists(log) ? Files.readString(log, UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the broker logs {@code text} (the log holds the broker's current life only: the
     * launcher starts it afresh): the operator's view of an event.
     */
    void awaitLogLine(int nodeId, String text, Duration within) {
        await("broker " + nodeId + " to log: " + text).atMost(within).until(() -> log(nodeId).contains(text));
    }

    /** The last lines of every broker's log, for failure messages. */
    String logTails() {
        StringBuilder tails = new StringBuilder();
        for (int i = 1; i <= size; i++) {
            List<String> lines = log(i).lines().toList();
            tails.append("\n--- the end of broker ").append(i).append("'s log:\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return tails.toString();
    }

    /** The broker's process, as the launcher's pid file names it, if it runs. */
    Optional<ProcessHandle> process(int nodeId) {
        Path pidFile = brokerDir(nodeId).resolve(".katka").resolve("katka.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile, UTF_8).trim())).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves no process behind: resumes the paused, stops gracefully, and SIGKILLs what is left. */
    @Override
    public void close() {
        Set.copyOf(paused).forEach(this::resume);
        try {
            stop();
        } catch (RuntimeException | AssertionError e) {
            IntStream.rangeClosed(1, size).mapToObj(this::process).flatMap(Optional::stream)
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    private Path brokerDir(int nodeId) {
        return dir.resolve("broker-" + nodeId);
    }

    private ProcessHandle runningProcess(int nodeId) {
        return process(nodeId).orElseThrow(() -> new AssertionError("broker " + nodeId + " does not run"));
    }

    private void signal(int nodeId, String signal) {
        long pid = runningProcess(nodeId).pid();
        try {
            // bash's kill: no procps needed.
            Process kill = new ProcessBuilder("bash", "-c", "kill -" + signal + " " + pid).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The first of {@code count} consecutive ports on loopback that are free now. */
    private static int freePorts(int count) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (IntStream.range(base, base + count).allMatch(KatkaCluster::isFree)) {
                return base;
            }
        }
        throw new AssertionError("no " + count + " consecutive free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
