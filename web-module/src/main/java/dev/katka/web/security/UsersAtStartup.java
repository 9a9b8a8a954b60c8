package dev.katka.web.security;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * Reads the users as the web application starts rather than at the first login, so that a
 * generated admin password is in the log right after the start, and a broken users file stops
 * nobody later by surprise.
 */
@WebListener
public class UsersAtStartup implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(UsersAtStartup.class.getName());

    @Inject
    private KatkaIdentityStore identityStore;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        // The store is application-scoped, created at its first use: this is its first use. (Not
        // inside a log message's supplier, which runs only when FINE is logged.)
        var usersFile = identityStore.usersFile();
        LOG.fine(() -> "users of the console and the REST API: " + usersFile);
    }
}
