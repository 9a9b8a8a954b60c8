package dev.katka.web.security;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /session}: who is logged in and whether they may change things, so the console shows
 * its buttons for changes only to admins (the server checks again on every change).
 */
@WebServlet("/session")
public class SessionServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getUserPrincipal().getName().replace("\\", "\\\\").replace("\"", "\\\"");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"user\":\"" + name + "\",\"admin\":" + request.isUserInRole(Roles.ADMIN) + "}");
    }
}
