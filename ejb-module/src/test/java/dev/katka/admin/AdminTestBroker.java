package dev.katka.admin;

import dev.katka.broker.TestBroker;

/** {@link ClusterClients} bootstrapped from a {@link TestBroker}, as {@link AdminConnection} makes them in the container. */
final class AdminTestBroker {

    private AdminTestBroker() {
    }

    static ClusterClients clientsOf(TestBroker broker) {
        return new ClusterClients(broker::bootstrapServers, "admin-test");
    }
}
