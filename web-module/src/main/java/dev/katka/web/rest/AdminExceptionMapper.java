package dev.katka.web.rest;

import dev.katka.admin.AdminException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A refusal of the admin services as a problem response: unknown things are 404, bad values 400,
 * conflicts with the cluster's state 409, a cluster that does not answer 503.
 */
@Provider
public class AdminExceptionMapper implements ExceptionMapper<AdminException> {

    @Override
    public Response toResponse(AdminException exception) {
        Status status = switch (exception.kind()) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case INVALID -> Status.BAD_REQUEST;
            case CONFLICT -> Status.CONFLICT;
            case UNAVAILABLE -> Status.SERVICE_UNAVAILABLE;
        };
        return Problems.response(status, exception.getMessage());
    }
}
