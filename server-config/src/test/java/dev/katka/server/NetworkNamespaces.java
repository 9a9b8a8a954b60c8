package dev.katka.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of their own on this machine: one Linux network namespace per host, each with an
 * address on a bridge that this machine (the test's clients) also has an address on. A host can
 * be cut off (its link goes down: nobody reaches it, it reaches nobody) and connected again.
 * Needs root (CAP_NET_ADMIN) and iproute2.
 *
 * <p>Names carry a random tag, so that runs never meet. Not thread-safe. {@link #close()} removes
 * everything it made; the processes started in the namespaces must have ended before.
 */
final class NetworkNamespaces implements AutoCloseable {

    private final String tag = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    /** 10.213.N.0/24 with a random N: the hosts are .1, .2, ...; this machine is .254. */
    private final String subnet = "10.213." + ThreadLocalRandom.current().nextInt(1, 255) + ".";
    private final int hosts;
    private final List<List<String>> undo = new ArrayList<>();

    private NetworkNamespaces(int hosts) {
        this.hosts = hosts;
    }

    /** Whether namespaces can be made here (root, iproute2): tried for real. */
    static boolean available() {
        String probe = "katka-probe-" + ProcessHandle.current().pid();
        try {
            if (run(List.of("ip", "netns", "add", probe)) != 0) {
                return false;
            }
            run(List.of("ip", "netns", "del", probe));
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** {@code hosts} namespaces on one bridge, each with its loopback up. */
    static NetworkNamespaces create(int hosts) {
        NetworkNamespaces network = new NetworkNamespaces(hosts);
        try {
            network.build();
        } catch (RuntimeException | AssertionError e) {
            network.close();
            throw e;
        }
        return network;
    }

    /** The address of host {@code n} (1-based). */
    String address(int n) {
        return subnet + n;
    }

    /** Runs a command in host {@code n}'s namespace: the prefix for {@link Launcher}. */
    List<String> inHost(int n) {
        return List.of("ip", "netns", "exec", namespace(n));
    }

    /** Host {@code n} loses its link: a network partition with it alone on one side. */
    void cutOff(int n) {
        must(List.of("ip", "link", "set", hostLink(n), "down"));
    }

    /** Host {@code n}'s link is back. */
    void reconnect(int n) {
        must(List.of("ip", "link", "set", hostLink(n), "up"));
    }

    @Override
    public void close() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            run(undo.get(i));
        }
        undo.clear();
    }

    private void build() {
        String bridge = "kbr-" + tag;
        must(List.of("ip", "link", "add", bridge, "type", "bridge"));
        undo.add(List.of("ip", "link", "del", bridge));
        must(List.of("ip", "addr", "add", subnet + "254/24", "dev", bridge));
        must(List.of("ip", "link", "set", bridge, "up"));
        for (int n = 1; n <= hosts; n++) {
            String namespace = namespace(n);
            must(List.of("ip", "netns", "add", namespace));
            undo.add(List.of("ip", "netns", "del", namespace));
            // One end on the bridge, the other in the namespace as eth0.
            must(List.of("ip", "link", "add", hostLink(n), "type", "veth", "peer", "name", "eth0", "netns", namespace));
            must(List.of("ip", "link", "set", hostLink(n), "master", bridge, "up"));
            must(List.of("ip", "netns", "exec", namespace, "ip", "addr", "add", address(n) + "/24", "dev", "eth0"));
            must(List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "eth0", "up"));
            must(List.of("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
        }
    }

    private String namespace(int n) {
        return "katka-" + tag + "-" + n;
    }

    private String hostLink(int n) {
        return "kv-" + tag + "-" + n;
    }

    private static void must(List<String> command) {
        if (run(command) != 0) {
            throw new AssertionError("failed: " + String.join(" ", command));
        }
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            if (process.exitValue() != 0) {
                System.err.println(String.join(" ", command) + ": " + output.strip());
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
