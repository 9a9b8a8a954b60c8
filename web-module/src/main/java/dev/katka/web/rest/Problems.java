package dev.katka.web.rest;

import jakarta.ws.rs.core.Response;

/**
 * Builds the responses that carry a {@link Problem}.
 *
 * <p>Stateless; thread-safe.
 */
final class Problems {

    private Problems() {
    }

    static Response response(Response.StatusType status, String detail) {
        Problem problem = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
