import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Scanner;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * {@code katka user add NAME --role ROLE}: adds a user to the users file of the console and the
 * REST API, or gives an existing one a new password and role. Runs as a single-file program
 * ({@code java AddUser.java FILE NAME ROLE}), so the launcher needs no build for it.
 *
 * <p>The password comes from {@code KATKA_USER_PASSWORD} (for scripts), else it is asked for on
 * the terminal, else read as one line from standard input. Only its hash is written, in the format
 * of Jakarta Security's {@code Pbkdf2PasswordHash} ({@code ALGORITHM:ITERATIONS:SALT:HASH}, Base64),
 * with the settings the broker uses itself ({@code KatkaIdentityStore}).
 */
public final class AddUser {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int ITERATIONS = 100_000;
    private static final int SALT_BYTES = 32;
    private static final int KEY_BYTES = 32;

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !args[1].matches("[A-Za-z0-9._@-]+") || !List.of("admin", "viewer").contains(args[2])) {
            System.err.println("usage: katka user add NAME --role admin|viewer [--users FILE]"
                    + " (names: letters, digits, . _ @ -)");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        String name = args[1];
        String role = args[2];
        char[] password = password(name);
        if (password.length == 0) {
            System.err.println("katka: an empty password is not allowed");
            System.exit(2);
        }
        write(file, name + " " + role + " " + hash(password));
        System.out.println("User " + name + " (" + role + ") is in " + file + "; a running broker takes it at once.");
    }

    private static char[] password(String name) {
        String fromEnvironment = System.getenv("KATKA_USER_PASSWORD");
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password for %s: ", name);
            char[] again = console.readPassword("Again: ");
            if (!java.util.Arrays.equals(first, again)) {
                System.err.println("katka: the passwords differ");
                System.exit(1);
            }
            return first;
        }
        Scanner in = new Scanner(System.in, UTF_8);
        return in.hasNextLine() ? in.nextLine().toCharArray() : new char[0];
    }

    static String hash(char[] password) throws Exception {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        KeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, KEY_BYTES * 8);
        byte[] hash = SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        Base64.Encoder base64 = Base64.getEncoder();
        return ALGORITHM + ":" + ITERATIONS + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }

    /** Replaces the user's line or adds one; written beside and moved in place, so a broker never reads half a file. */
    private static void write(Path file, String line) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, UTF_8)) : new ArrayList<>();
        String name = line.substring(0, line.indexOf(' '));
        lines.removeIf(existing -> existing.strip().split("\\s+")[0].equals(name));
        if (lines.isEmpty()) {
            lines.add("# Katka users: NAME ROLE HASH (roles: admin, viewer). Add one with: katka user add NAME --role viewer");
        }
        lines.add(line);
        Path written = Files.createTempFile(directory, ".users", ".tmp");
        Files.write(written, lines, UTF_8);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
