package dev.katka.connector.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Addresses of, and requests to, the test applications on the Payara Micro that Arquillian started. */
public final class PayaraMicroApplications {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private PayaraMicroApplications() {
    }

    /**
     * {@code path} of the application deployed as {@code archiveName}.war. Arquillian's URL
     * names the container's port but not the application when an adapter is deployed next to
     * it, and the host it names is not the loopback address the web listener is bound to.
     */
    public static URI uri(URL container, String archiveName, String path) {
        return URI.create("http://127.0.0.1:" + container.getPort() + "/" + archiveName + "/" + path);
    }

    /** GET {@code path} of the application {@code archiveName}. */
    public static HttpResponse<String> get(URL container, String archiveName, String path) {
        return send(HttpRequest.newBuilder(uri(container, archiveName, path)).GET());
    }

    /** POST {@code body} as {@code contentType} to {@code path} of the application {@code archiveName}. */
    public static HttpResponse<String> post(URL container, String archiveName, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(container, archiveName, path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
