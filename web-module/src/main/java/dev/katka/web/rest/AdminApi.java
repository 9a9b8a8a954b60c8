package dev.katka.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The broker's admin REST API under {@code /api}; version 1 of its resources under
 * {@code /api/v1}. The OpenAPI document Payara builds from these classes is served at
 * {@code /openapi}.
 *
 * <p>The resources and providers are listed here rather than found by scanning, so that the
 * {@link JsonSettings} resolver is registered as an instance. Registered as a class, Payara's own
 * JSON-B resolver ({@code org.glassfish.weld.JaxRSJsonContextResolver}, Payara 6.2025.10)
 * instantiates it lazily on the first request for each type, from several request threads at
 * once into one unsynchronized list: the first concurrent requests after a boot could fail with a
 * {@code ConcurrentModificationException} (500). {@code AdminApiTest} checks that nothing in this
 * package is left out.
 */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "Katka admin API", version = "1",
        description = "Brokers, topics, messages and consumer groups of a Katka cluster. "
                + "Errors are application/problem+json (RFC 9457)."))
public class AdminApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ClusterResource.class, TopicResource.class, MessageResource.class, GroupResource.class,
                AdminExceptionMapper.class, WebApplicationExceptionMapper.class, UnreadableBodyMapper.class,
                UnexpectedExceptionMapper.class);
    }

    /** Deprecated in favour of CDI, but the one way to hand Jersey a provider instance up front. */
    @Override
    @SuppressWarnings("deprecation")
    public Set<Object> getSingletons() {
        return Set.of(new JsonSettings());
    }
}
