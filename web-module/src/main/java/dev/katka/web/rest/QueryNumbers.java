package dev.katka.web.rest;

import dev.katka.admin.AdminException;

/**
 * Numbers from query parameters, with a 400 that names the parameter and the value when one is
 * not a number.
 *
 * <p>Stateless; thread-safe.
 */
final class QueryNumbers {

    private QueryNumbers() {
    }

    static Integer integer(String name, String value) {
        Long number = longInteger(name, value);
        if (number == null) {
            return null;
        }
        if (number != number.intValue()) {
            throw AdminException.invalid(name + " is out of range: " + value);
        }
        return number.intValue();
    }

    static Long longInteger(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw AdminException.invalid(name + " must be a whole number, not '" + value + "'");
        }
    }
}
