package dev.katka.web.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    @TempDir
    Path directory;

    @Test
    void readsNameRoleAndHashAndSkipsComments() throws IOException {
        Path file = write("# users", "", "alice viewer PBKDF2WithHmacSHA256:100000:c2FsdA==:aGFzaA==", "bob admin HASH");

        UsersFile users = new UsersFile(file);

        assertThat(users.find("alice")).contains(new User("alice", Set.of("viewer"), "PBKDF2WithHmacSHA256:100000:c2FsdA==:aGFzaA=="));
        assertThat(users.find("bob")).map(User::roles).contains(Set.of("admin"));
        assertThat(users.find("carol")).isEmpty();
    }

    @Test
    void theLastLineOfANameWinsSoAddingAgainChangesThePassword() throws IOException {
        UsersFile users = new UsersFile(write("alice viewer OLD", "alice admin NEW"));

        assertThat(users.find("alice")).contains(new User("alice", Set.of("admin"), "NEW"));
    }

    @Test
    void seesAChangedFileWithoutARestart() throws IOException {
        Path file = write("alice viewer OLD");
        UsersFile users = new UsersFile(file);
        assertThat(users.find("bob")).isEmpty();

        Files.write(file, List.of("alice viewer OLD", "bob viewer HASH"), UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(users.find("bob")).isPresent();
    }

    @Test
    void aLineItCannotReadIsReportedWithItsNumber() throws IOException {
        UsersFile users = new UsersFile(write("alice viewer HASH", "bob superuser HASH"));

        assertThatThrownBy(() -> users.find("alice")).hasMessageContaining("line 2").hasMessageContaining("bob superuser HASH");
    }

    @Test
    void addsAUserOnlyWhenTheNameIsFree() throws IOException {
        Path file = directory.resolve("users.properties");
        UsersFile users = new UsersFile(file);

        assertThat(users.addIfAbsent("admin", () -> new User("admin", Set.of("admin"), "FIRST"))).isTrue();
        assertThat(users.addIfAbsent("admin", () -> new User("admin", Set.of("admin"), "SECOND"))).isFalse();

        assertThat(users.find("admin")).map(User::passwordHash).contains("FIRST");
        assertThat(Files.readAllLines(file, UTF_8)).filteredOn(line -> line.startsWith("admin ")).containsExactly("admin admin FIRST");
    }

    private Path write(String... lines) throws IOException {
        return Files.write(directory.resolve("users.properties"), List.of(lines), UTF_8);
    }
}
