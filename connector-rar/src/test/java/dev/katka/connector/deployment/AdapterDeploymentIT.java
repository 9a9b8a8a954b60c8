package dev.katka.connector.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.connector.deployment.origin.ApiOrigin;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The packaging applications rely on: the adapter deployed as a standalone {@code .rar} on
 * Payara Micro gives every application its public API, so an application compiles against the
 * api jar and packages none of it.
 */
@AdapterOnPayaraMicro
class AdapterDeploymentIT {

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "adapter-deployment.war")
                .addPackage(ApiOrigin.class.getPackage());
    }

    @ArquillianResource
    URL container;

    @Test
    void anApplicationThatPackagesNoAdapterClassesGetsThePublicApiFromTheAdapter() throws Exception {
        assertThat(get("api/origin")).isEqualTo("adapter");
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(PayaraMicroApplications.uri(container, "adapter-deployment", path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }
}
