package dev.katka.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/**
 * A Kafka listener address, {@code PLAINTEXT://host:port}.
 *
 * <p>Only the PLAINTEXT security protocol exists so far; any other is refused with a message
 * rather than silently served without the security the operator asked for.
 */
public record Endpoint(String host, int port) {

    private static final String PLAINTEXT = "PLAINTEXT://";

    /**
     * Parses {@code PLAINTEXT://host:port} (the scheme may be omitted).
     *
     * @param property the property the value came from, named in the error
     * @throws ConfigException naming the property and the value when it is not of that form
     */
    public static Endpoint parse(String property, String value) {
        String address = value.trim();
        if (address.toUpperCase(Locale.ROOT).startsWith(PLAINTEXT)) {
            address = address.substring(PLAINTEXT.length());
        } else if (address.contains("://")) {
            throw new ConfigException(property, value, "only PLAINTEXT://host:port listeners are supported");
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException(property, value, "expected PLAINTEXT://host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(property, value, "the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException(property, value, "the port must lie between 0 and 65535");
        }
        return new Endpoint(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    /** This address as clients may use it: a wildcard bind address becomes this host's name. */
    public Endpoint advertisable() {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return this;
        }
        try {
            return new Endpoint(InetAddress.getLocalHost().getCanonicalHostName(), port);
        } catch (UnknownHostException e) {
            return new Endpoint("localhost", port);
        }
    }

    /** The same host with another port, for a listener bound to port 0. */
    public Endpoint withPort(int boundPort) {
        return new Endpoint(host, boundPort);
    }

    /** {@code host:port}, as clients write it in {@code bootstrap.servers} (an IPv6 host in brackets). */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return PLAINTEXT + hostPort();
    }
}
