package dev.katka.cluster;

/**
 * A broker as clients see it: its id and the address it advertises for the Kafka protocol.
 *
 * @param rack the rack it stands in, or null
 */
public record BrokerEndpoint(int id, String host, int port, String rack) {
}
