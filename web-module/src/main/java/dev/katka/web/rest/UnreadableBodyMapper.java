package dev.katka.web.rest;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request body that is not JSON, or not JSON of the expected shape: 400, with JSON-B's reason
 * (which names the property or the position).
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException exception) {
        Throwable reason = exception;
        while (reason.getCause() != null && !(reason instanceof JsonbException)) {
            reason = reason.getCause();
        }
        // Yasson prefixes its parser's messages with "Internal error: ", which is not what happened.
        String message = String.valueOf(reason.getMessage()).replaceFirst("^Internal error: ", "");
        return Problems.response(Response.Status.BAD_REQUEST, "the request body is not valid JSON for this request: " + message);
    }
}
