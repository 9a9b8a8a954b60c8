package dev.katka.admin;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * How the browser shows the bytes of keys, values and headers: {@code text} (UTF-8), {@code json}
 * (parsed and pretty-printed) or {@code hex}. Bytes that are not what was asked for fall back to
 * what they are: JSON that does not parse is shown as text, bytes that are not UTF-8 as hex, so
 * binary data is never garbled.
 *
 * <p>Thread-safe (an enum; JSON-P writer factories are thread-safe).
 */
enum Rendering {
    TEXT, JSON, HEX;

    private static final JsonWriterFactory PRETTY = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    /** A rendering of some bytes, and which rendering it actually is. */
    record Rendered(String text, String format) {
    }

    static Rendering named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AdminException.invalid("format must be text, json or hex, not '" + name + "'");
        }
    }

    /** Null stays null (a record without key, a tombstone). */
    Rendered render(byte[] bytes) {
        if (bytes == null) {
            return new Rendered(null, null);
        }
        if (this == HEX) {
            return hex(bytes);
        }
        String text = utf8(bytes);
        if (text == null) {
            return hex(bytes);
        }
        if (this == JSON) {
            String json = prettyJson(text);
            if (json != null) {
                return new Rendered(json, "json");
            }
        }
        return new Rendered(text, "text");
    }

    private static Rendered hex(byte[] bytes) {
        return new Rendered(HexFormat.of().formatHex(bytes), "hex");
    }

    /** The text, or null when the bytes are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The JSON pretty-printed, or null when the text is not JSON. */
    private static String prettyJson(String text) {
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException e) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (JsonWriter writer = PRETTY.createWriter(out)) {
            writer.write(value);
        }
        return out.toString().strip();
    }
}
