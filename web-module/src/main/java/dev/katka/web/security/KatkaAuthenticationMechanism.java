package dev.katka.web.security;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * How callers prove who they are. One mechanism for two kinds of caller:
 * <ul>
 *   <li>tools and scripts send HTTP BASIC with every request (curl -u, the tests);</li>
 *   <li>people log in once on {@code /login.html}; the form posts to {@code /login} and the
 *       console's later requests carry the session cookie.</li>
 * </ul>
 * A request without either gets, for a page, a redirect to the login page and, for anything else
 * (the API, the console's scripts), a 401 with problem details. What each role may then do is in
 * {@code web.xml}.
 */
@ApplicationScoped
public class KatkaAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** The console sends this header with its requests: it asks for no BASIC dialog and vouches for them (CSRF). */
    static final String CONSOLE_HEADER = "X-Katka-Console";
    static final String LOGIN_PAGE = "/login.html";
    private static final String LOGIN_ACTION = "/login";
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    private IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        try {
            if (LOGIN_ACTION.equals(path(request)) && "POST".equals(request.getMethod())) {
                return logIn(request, context);
            }
            Optional<String> basic = Optional.ofNullable(request.getHeader("Authorization"))
                    .filter(header -> header.regionMatches(true, 0, "Basic ", 0, 6));
            if (basic.isPresent()) {
                return checkBasic(basic.get().substring(6).trim(), request, response, context);
            }
            Optional<SignedInCaller> caller = SignedInCaller.of(request);
            if (caller.isPresent()) {
                return continueSession(caller.get(), request, response, context);
            }
            if (!context.isProtected()) {
                return context.doNothing();
            }
            if (wantsPage(request)) {
                return context.redirect(request.getContextPath() + LOGIN_PAGE);
            }
            return unauthorized(request, response, "Log in: send HTTP BASIC credentials or use the console's login page.");
        } catch (IOException e) {
            throw new IllegalStateException("cannot answer " + request.getRequestURI(), e);
        }
    }

    private AuthenticationStatus logIn(HttpServletRequest request, HttpMessageContext context) {
        String name = Optional.ofNullable(request.getParameter("username")).orElse("");
        String password = Optional.ofNullable(request.getParameter("password")).orElse("");
        CredentialValidationResult result = identityStores.validate(new UsernamePasswordCredential(name, password));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return context.redirect(request.getContextPath() + LOGIN_PAGE + "?failed");
        }
        new SignedInCaller(result.getCallerPrincipal().getName(), result.getCallerGroups()).keepIn(request);
        return context.redirect(request.getContextPath() + "/");
    }

    private AuthenticationStatus checkBasic(String encoded, HttpServletRequest request, HttpServletResponse response,
                                            HttpMessageContext context) throws IOException {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), UTF_8);
        } catch (IllegalArgumentException e) {
            return unauthorized(request, response, "The Authorization header is not valid BASIC (Base64 of name:password).");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return unauthorized(request, response, "The Authorization header is not valid BASIC (Base64 of name:password).");
        }
        CredentialValidationResult result = identityStores.validate(
                new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return unauthorized(request, response, "Unknown user or wrong password.");
        }
        return context.notifyContainerAboutLogin(result);
    }

    private AuthenticationStatus continueSession(SignedInCaller caller, HttpServletRequest request,
                                                 HttpServletResponse response, HttpMessageContext context) throws IOException {
        // A cookie goes with every request to this host, also one that another site's page makes
        // the browser send. Such a page cannot add a header without the browser asking us first
        // (CORS), which we never allow: a change that comes with the session must carry it.
        if (!READ_METHODS.contains(request.getMethod()) && request.getHeader(CONSOLE_HEADER) == null
                && !"/logout".equals(path(request))) {
            Problems.send(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                    "Changes through the console's session need the " + CONSOLE_HEADER + " header.");
            return AuthenticationStatus.SEND_FAILURE;
        }
        return context.notifyContainerAboutLogin(caller.name(), caller.groups());
    }

    private AuthenticationStatus unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        // Without the console's header a browser would answer a BASIC challenge with its own
        // password dialog over the console; tools want the challenge.
        if (request.getHeader(CONSOLE_HEADER) == null) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Katka\", charset=\"UTF-8\"");
        }
        Problems.send(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", detail);
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** A browser navigating to a page of the console, rather than a script or a tool asking for data. */
    private static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")
                && !path(request).startsWith("/api/");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
