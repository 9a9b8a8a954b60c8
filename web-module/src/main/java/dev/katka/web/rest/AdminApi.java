package dev.katka.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The broker's admin REST API under {@code /api}; version 1 of its resources under
 * {@code /api/v1}. Every resource and provider of this package is found by scanning. The OpenAPI
 * document Payara builds from these classes is served at {@code /openapi}.
 */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "Katka admin API", version = "1",
        description = "Brokers, topics, messages and consumer groups of a Katka cluster. "
                + "Errors are application/problem+json (RFC 9457)."))
public class AdminApi extends Application {
}
