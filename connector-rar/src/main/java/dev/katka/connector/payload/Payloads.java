package dev.katka.connector.payload;

import dev.katka.connector.api.KatkaException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.nio.charset.StandardCharsets;

/**
 * Turns the keys and values applications give into record bytes and back: {@code byte[]} as is,
 * {@code String} as UTF-8, anything else as JSON through JSON-B. The one place that decides it,
 * for sending and for receiving.
 *
 * <p>Thread-safe: one {@link Jsonb} (itself thread-safe) serves every call.
 */
public final class Payloads {

    private static final class Json {
        static final Jsonb JSONB = JsonbBuilder.create();
    }

    private Payloads() {
    }

    /**
     * The bytes of {@code object}, or null.
     *
     * @param what "key" or "value", for the error message
     * @throws KatkaException naming the class when JSON-B cannot write it
     */
    public static byte[] toBytes(Object object, String what) {
        if (object == null) {
            return null;
        }
        if (object instanceof byte[] bytes) {
            return bytes;
        }
        if (object instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Json.JSONB.toJson(object).getBytes(StandardCharsets.UTF_8);
        } catch (JsonbException e) {
            throw new KatkaException("the " + what + " of class " + object.getClass().getName()
                    + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** {@code bytes} as UTF-8 text, or null. */
    public static String toText(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * {@code bytes} read as JSON into {@code type}, or null.
     *
     * @throws KatkaException naming the type when the bytes are not JSON of that type
     */
    public static <T> T fromJson(byte[] bytes, Class<T> type) {
        if (bytes == null) {
            return null;
        }
        try {
            return Json.JSONB.fromJson(new String(bytes, StandardCharsets.UTF_8), type);
        } catch (JsonbException e) {
            throw new KatkaException("the value is not JSON of " + type.getName() + ": " + e.getMessage(), e);
        }
    }
}
