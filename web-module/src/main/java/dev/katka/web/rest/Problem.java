package dev.katka.web.rest;

/**
 * An error as RFC 9457 describes it ({@code application/problem+json}): {@code type} is
 * {@code about:blank}, so {@code title} is the HTTP status's name; {@code detail} says what was
 * wrong in words the caller can act on.
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
