package dev.katka.web.security;

import java.util.Set;

/**
 * One person or tool that may use the console and the REST API.
 *
 * @param name         what they log in with
 * @param roles        {@link Roles#ADMIN} or {@link Roles#VIEWER}
 * @param passwordHash the password as {@code Pbkdf2PasswordHash} stores it, never the password
 */
record User(String name, Set<String> roles, String passwordHash) {
}
