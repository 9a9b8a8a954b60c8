package dev.katka.connector.deployment.inbound;

import jakarta.ejb.EJB;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;

/** {@code GET /api/deliveries/{topic}} and {@code /api/deliveries/attempts/{value}}. */
@Path("deliveries")
public class DeliveriesResource {

    @EJB
    private Deliveries deliveries;

    @GET
    @Path("{topic}")
    public String summary(@PathParam("topic") String topic) {
        return deliveries.summary(topic);
    }

    @GET
    @Path("attempts/{value}")
    public String attempts(@PathParam("value") String value) {
        return String.valueOf(deliveries.attempts(value));
    }

    /** The application's REST root. */
    @ApplicationPath("api")
    public static class Rest extends Application {
    }
}
