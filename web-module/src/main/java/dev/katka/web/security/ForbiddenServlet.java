package dev.katka.web.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The answer when a logged-in user asks for more than their role allows (a viewer's POST): the
 * container forwards its 403 here (web.xml's error page), which says so as problem details.
 */
@WebServlet("/forbidden")
public class ForbiddenServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String who = request.getUserPrincipal() == null ? "You" : "User " + request.getUserPrincipal().getName();
        Problems.send(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                who + " may only look: changes need the role admin.");
    }
}
