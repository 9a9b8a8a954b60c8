package dev.katka.web.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The users file: one user per line, {@code NAME ROLE[,ROLE] PBKDF2-HASH}; {@code #} starts a
 * comment. {@code server-config/bin/katka user add} writes it too, in the same format.
 *
 * <p>The file is read again whenever it changed, so a user added while the broker runs can log in
 * at once. Thread-safe.
 */
final class UsersFile {

    private final Path file;
    private Map<String, User> users = Map.of();
    private FileTime readAt;

    UsersFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    synchronized Optional<User> find(String name) {
        reloadIfChanged();
        return Optional.ofNullable(users.get(name));
    }

    /**
     * Adds the user that {@code create} makes unless the file has one of that name already; under
     * a file lock, so brokers that share the file and start together add only one.
     *
     * @return whether the user was added
     */
    synchronized boolean addIfAbsent(String name, Supplier<User> create) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                readAt = null;
                reloadIfChanged();
                if (users.containsKey(name)) {
                    return false;
                }
                List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, UTF_8)) : new ArrayList<>();
                if (lines.isEmpty()) {
                    lines.add("# Katka users: NAME ROLE HASH (roles: admin, viewer). Add one with: katka user add NAME --role viewer");
                }
                lines.add(format(create.get()));
                // Written beside and moved in place: a reader never sees half a file.
                Path written = Files.createTempFile(file.toAbsolutePath().getParent(), ".users", ".tmp");
                Files.write(written, lines, UTF_8);
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                readAt = null;
                return true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the users file " + file, e);
        }
    }

    static String format(User user) {
        return user.name() + " " + String.join(",", user.roles()) + " " + user.passwordHash();
    }

    private void reloadIfChanged() {
        try {
            if (!Files.exists(file)) {
                users = Map.of();
                readAt = null;
                return;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(readAt)) {
                return;
            }
            users = parse(Files.readAllLines(file, UTF_8));
            readAt = modified;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + file, e);
        }
    }

    private Map<String, User> parse(List<String> lines) {
        Map<String, User> parsed = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            Set<String> roles = fields.length == 3 ? Set.of(fields[1].split(",")) : Set.of();
            if (fields.length != 3 || !Roles.ALL.containsAll(roles)) {
                throw new IllegalStateException(file + " line " + (i + 1)
                        + ": expected NAME ROLE HASH with the role admin or viewer, found '" + line + "'");
            }
            // The last line of a name wins: adding a user again changes the password.
            parsed.put(fields[0], new User(fields[0], roles, fields[2]));
        }
        return parsed;
    }
}
