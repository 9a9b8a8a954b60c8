package dev.katka.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP ports a process listens on, read from Linux's /proc (no ss or netstat needed): the
 * process's socket inodes from /proc/PID/fd, matched against the LISTEN rows of /proc/net/tcp{,6}.
 * Stateless; thread-safe.
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    static List<InetSocketAddress> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        List<InetSocketAddress> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String row : lines(Path.of(table))) {
                String[] fields = row.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
                if (fields.length > 9 && fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
                    listening.add(address(fields[1]));
                }
            }
        }
        return listening;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            descriptors.forEach(descriptor -> {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while we looked: not listening
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the descriptors of process " + pid, e);
        }
        return inodes;
    }

    /**
     * "0100007F:2384": the address as 32-bit words in host (little-endian) order, then the port.
     * An IPv4-mapped IPv6 address comes back as the IPv4 address (InetAddress does that).
     */
    private static InetSocketAddress address(String hex) {
        String[] parts = hex.split(":");
        String words = parts[0];
        byte[] bytes = new byte[words.length() / 2];
        for (int word = 0; word < words.length() / 8; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(words.substring(at, at + 2), 16);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + hex, e);
        }
    }

    private static List<String> lines(Path table) {
        try {
            if (!Files.exists(table)) {
                return List.of();
            }
            List<String> rows = Files.readAllLines(table);
            return rows.subList(1, rows.size()); // the first is the header
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
