package dev.katka.connector.deployment.origin;

import dev.katka.connector.api.KatkaConnectionFactory;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;

/** Says whose class loader the public API came from: the application's or the adapter's. */
@Path("origin")
public class ApiOrigin {

    @GET
    public String origin() {
        return KatkaConnectionFactory.class.getClassLoader() == ApiOrigin.class.getClassLoader() ? "application" : "adapter";
    }

    /** The application's REST root. */
    @ApplicationPath("api")
    public static class Rest extends Application {
    }
}
