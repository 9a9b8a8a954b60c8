package dev.katka.connector.api;

/**
 * A record header.
 *
 * @param name  the header's name
 * @param value its value, or null
 */
public record Header(String name, byte[] value) {
}
