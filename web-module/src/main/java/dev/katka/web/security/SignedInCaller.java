package dev.katka.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.Optional;
import java.util.Set;

/**
 * Who logged in to the console through the login page, kept in their HTTP session, so that the
 * password is checked once per login rather than on every request of the page.
 */
record SignedInCaller(String name, Set<String> groups) implements Serializable {

    SignedInCaller {
        groups = Set.copyOf(groups); // a copy the session can keep (and serialize)
    }

    private static final String ATTRIBUTE = SignedInCaller.class.getName();

    static Optional<SignedInCaller> of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty() : Optional.ofNullable((SignedInCaller) session.getAttribute(ATTRIBUTE));
    }

    /** Keeps the caller in a session with a new id, so a session id planted before the login is worthless. */
    void keepIn(HttpServletRequest request) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        request.getSession(true).setAttribute(ATTRIBUTE, this);
    }
}
