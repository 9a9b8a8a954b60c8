package dev.katka.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Who may log in: the first admin (user {@code admin}, password from {@code KATKA_ADMIN_PASSWORD})
 * and the users of the users file ({@code katka.users.file}, which the launcher sets).
 *
 * <p>Without that variable and without an {@code admin} in the file, the first start makes up a
 * random password, stores only its hash in the file and logs the password once. There is never a
 * password written in the code.
 */
@ApplicationScoped
public class KatkaIdentityStore implements IdentityStore {

    static final String FIRST_ADMIN = "admin";
    static final String ADMIN_PASSWORD_VARIABLE = "KATKA_ADMIN_PASSWORD";
    static final String USERS_FILE_PROPERTY = "katka.users.file";

    /**
     * How passwords are hashed; {@code server-config/bin/AddUser.java} ({@code katka user add})
     * writes hashes with the same settings. 100,000 iterations cost tens of milliseconds per
     * check: once per login for the console, once per request for BASIC callers.
     */
    static final Map<String, String> HASHING = Map.of(
            "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
            "Pbkdf2PasswordHash.Iterations", "100000",
            "Pbkdf2PasswordHash.SaltSizeBytes", "32",
            "Pbkdf2PasswordHash.KeySizeBytes", "32");

    private static final Logger LOG = Logger.getLogger(KatkaIdentityStore.class.getName());

    @Inject
    private Pbkdf2PasswordHash passwordHash;

    private UsersFile usersFile;
    /** The admin from the environment, which outranks an {@code admin} in the file. */
    private Optional<User> environmentAdmin = Optional.empty();
    /** Checked against when the user is unknown, so that a wrong name costs as long as a wrong password. */
    private String decoyHash;

    @PostConstruct
    void start() {
        passwordHash.initialize(HASHING);
        Config config = ConfigProvider.getConfig();
        usersFile = new UsersFile(usersFilePath(config));
        decoyHash = passwordHash.generate(randomPassword().toCharArray());
        Optional<String> password = Optional.ofNullable(System.getenv(ADMIN_PASSWORD_VARIABLE)).filter(p -> !p.isEmpty());
        if (password.isPresent()) {
            environmentAdmin = Optional.of(new User(FIRST_ADMIN, Set.of(Roles.ADMIN), passwordHash.generate(password.get().toCharArray())));
            LOG.info("Console and REST API: user " + FIRST_ADMIN + " has the password of " + ADMIN_PASSWORD_VARIABLE
                    + "; other users are in " + usersFile.path());
            return;
        }
        String generated = randomPassword();
        boolean added = usersFile.addIfAbsent(FIRST_ADMIN,
                () -> new User(FIRST_ADMIN, Set.of(Roles.ADMIN), passwordHash.generate(generated.toCharArray())));
        if (added) {
            // The only time this password is ever shown: the file keeps its hash.
            LOG.warning("Console and REST API: no " + ADMIN_PASSWORD_VARIABLE + " and no admin in " + usersFile.path()
                    + ", so one was made: user " + FIRST_ADMIN + ", password " + generated
                    + " (shown only now; change it with: katka user add admin --role admin)");
        } else {
            LOG.info("Console and REST API: users are in " + usersFile.path());
        }
    }

    /** Where the users are; asking also creates the store ({@link UsersAtStartup}). */
    public Path usersFile() {
        return usersFile.path();
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential usernamePassword) {
            return validate(usernamePassword);
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        Optional<User> user = find(credential.getCaller());
        String hash = user.map(User::passwordHash).orElse(decoyHash);
        boolean matches = passwordHash.verify(credential.getPassword().getValue(), hash);
        if (user.isEmpty() || !matches) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        return new CredentialValidationResult(user.get().name(), user.get().roles());
    }

    private Optional<User> find(String name) {
        if (FIRST_ADMIN.equals(name) && environmentAdmin.isPresent()) {
            return environmentAdmin;
        }
        try {
            return usersFile.find(name);
        } catch (IllegalStateException | UncheckedIOException e) {
            // Edited into something unreadable while the broker runs: nobody from the file gets
            // in until it is fixed, and the operator reads why.
            LOG.severe("Console and REST API: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** As the launcher sets it; else beside the broker's data (full servers), else the working directory. */
    private static Path usersFilePath(Config config) {
        return config.getOptionalValue(USERS_FILE_PROPERTY, String.class).map(Path::of)
                .or(() -> config.getOptionalValue("katka.data.dir", String.class).map(dir -> Path.of(dir, "users.properties")))
                .orElse(Path.of("users.properties"));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
