package dev.katka.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/** Plain HTTP requests to a broker's web application (REST API, console, health, metrics), as a tool sends them: HTTP BASIC or nothing. */
final class BrokerHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    BrokerHttp(KatkaProcess broker) {
        this.baseUrl = "http://127.0.0.1:" + broker.httpPort();
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpResponse<String> get(String path, String user, String password) {
        return send("GET", path, user, password, null);
    }

    /** A GET without login as a monitoring system sends it, for text ({@code /metrics}, {@code /health}). */
    HttpResponse<String> getText(String path) {
        return send("GET", path, null, null, null, "text/plain");
    }

    HttpResponse<String> send(String method, String path, String user, String password, String json) {
        return send(method, path, user, password, json, "application/json");
    }

    private HttpResponse<String> send(String method, String path, String user, String password, String json, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Accept", accept);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8)));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
