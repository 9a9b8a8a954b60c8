package dev.katka.connector.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands placeholders in the adapter's configuration properties, as Payara does in its own
 * configuration: {@code ${ENV=NAME}} is the environment variable NAME, {@code ${NAME}} the system
 * property NAME, and either may name a default after a colon. So one deployment descriptor serves
 * every environment: {@code bootstrapServers=${ENV=KATKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(ENV=)?([^}:]+)(?::([^}]*))?}");

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;

    /** Looks names up with {@code environment} and {@code systemProperties} (tests give maps). */
    public Placeholders(Function<String, String> environment, Function<String, String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /** Placeholders of this process: {@link System#getenv} and {@link System#getProperty}. */
    public static Placeholders ofThisProcess() {
        return new Placeholders(System::getenv, System::getProperty);
    }

    /** Placeholders resolved from fixed maps. */
    public static Placeholders of(Map<String, String> environment, Map<String, String> systemProperties) {
        return new Placeholders(environment::get, systemProperties::get);
    }

    /**
     * {@code value} with every placeholder replaced; null stays null.
     *
     * @param property the configuration property the value belongs to, for the error message
     * @throws IllegalArgumentException naming the property and the placeholder when a variable or
     *                                  system property without a default is not set
     */
    public String expand(String property, String value) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher matcher = PLACEHOLDER.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            boolean fromEnvironment = matcher.group(1) != null;
            String name = matcher.group(2);
            String replacement = fromEnvironment ? environment.apply(name) : systemProperties.apply(name);
            if (replacement == null) {
                replacement = matcher.group(3);
            }
            if (replacement == null) {
                throw new IllegalArgumentException(property + "=" + value + ": "
                        + (fromEnvironment ? "the environment variable " : "the system property ") + name + " is not set (give a default after a colon: ${" + matcher.group(0).substring(2, matcher.group(0).length() - 1) + ":default})");
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }
}
