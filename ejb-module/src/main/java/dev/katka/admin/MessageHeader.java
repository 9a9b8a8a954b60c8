package dev.katka.admin;

/** A record header; its value shown as text, or as hex when it is not UTF-8 text. */
public record MessageHeader(String name, String value) {
}
