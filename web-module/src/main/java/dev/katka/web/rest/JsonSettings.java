package dev.katka.web.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * The API's JSON: null values are written (a partition without a size on this broker says
 * {@code "sizeBytes": null}), so every documented field is always present.
 *
 * <p>Registered as an instance by {@link AdminApi} (see there why). Thread-safe: a {@link Jsonb} instance is.
 */
public class JsonSettings implements ContextResolver<Jsonb> {

    /** Built on first use (by the JVM's class initialisation, so once): creating the resolver needs no JSON-B provider. */
    private static final class Shared {
        static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
    }

    @Override
    public Jsonb getContext(Class<?> type) {
        return Shared.JSONB;
    }
}
