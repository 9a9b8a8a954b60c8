package dev.katka.web.rest;

import dev.katka.admin.AdminException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything else is a fault of the broker, not of the request: 500 with an incident id, the stack
 * trace in the server log under the same id and never in the response.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        // An admin refusal that reached here wrapped (in an EJBException, say) is still a refusal.
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof AdminException refusal) {
                return new AdminExceptionMapper().toResponse(refusal);
            }
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Admin API request failed, incident " + incident, exception);
        return Problems.response(Response.Status.INTERNAL_SERVER_ERROR,
                "the broker failed to answer; the server log has the details under incident " + incident);
    }
}
