package dev.katka.metadata;

/**
 * A broker as the cluster knows it: its id, where clients reach it, and which life of the
 * broker this is ({@code incarnation} changes at every start, so a registration left behind by a
 * crashed process is told apart from its successor's).
 *
 * @param rack the rack it stands in, or null
 */
public record BrokerRegistration(int id, String host, int port, String rack, long incarnation) {
}
