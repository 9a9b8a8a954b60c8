package dev.katka.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Users of the console and the REST API on a broker started without {@code KATKA_ADMIN_PASSWORD}:
 * the first admin's password is made up once, and users added with {@code katka user add} while it
 * runs can log in at once.
 */
class UsersIT {

    private static final Pattern GENERATED_PASSWORD = Pattern.compile("user admin, password (\\S+) ");

    @RegisterExtension
    static final KatkaBrokerExtension BROKER = new KatkaBrokerExtension();

    @Test
    void withoutAnAdminPasswordTheFirstStartMakesOneUpKeepsOnlyItsHashAndShowsItOnce() throws IOException {
        http(); // the users are read as the web application loads, which ends after the broker is ready
        Matcher logged = GENERATED_PASSWORD.matcher(BROKER.broker().log());
        assertThat(logged.find()).as("the first start logs the admin's new password").isTrue();
        String password = logged.group(1);
        assertThat(whoIs("admin", password)).isEqualTo("{\"user\":\"admin\",\"admin\":true}");
        String usersFile = Files.readString(BROKER.broker().usersFile(), UTF_8);
        assertThat(usersFile).doesNotContain(password).containsPattern("(?m)^admin admin PBKDF2WithHmacSHA256:");

        BROKER.broker().stop();
        BROKER.broker().start();
        http();
        assertThat(BROKER.broker().log()).as("a restart makes up no other password and shows none").doesNotContain(password)
                .doesNotContainPattern(GENERATED_PASSWORD.pattern());
        assertThat(whoIs("admin", password)).isEqualTo("{\"user\":\"admin\",\"admin\":true}");
    }

    @Test
    void aUserAddedWhileTheBrokerRunsLogsInAtOnceAndAddingAgainChangesThePassword() {
        addUser("carol", "viewer", "first-password");
        assertThat(whoIs("carol", "first-password")).isEqualTo("{\"user\":\"carol\",\"admin\":false}");

        addUser("carol", "admin", "second-password");
        assertThat(status("carol", "first-password")).isEqualTo(401);
        assertThat(whoIs("carol", "second-password")).isEqualTo("{\"user\":\"carol\",\"admin\":true}");
    }

    private static void addUser(String name, String role, String password) {
        Launcher.LauncherResult added = Launcher.run(
                List.of("user", "add", name, "--role", role, "--users", BROKER.broker().usersFile().toString()),
                Map.of("KATKA_USER_PASSWORD", password), Duration.ofMinutes(1));
        assertThat(added.exitCode()).as(added.output()).isZero();
    }

    private static String whoIs(String user, String password) {
        HttpResponse<String> response = http().get("/session", user, password);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static int status(String user, String password) {
        return http().get("/session", user, password).statusCode();
    }

    private static BrokerHttp http() {
        return new BrokerHttp(BROKER.broker());
    }
}
