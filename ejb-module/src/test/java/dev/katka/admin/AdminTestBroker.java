package dev.katka.admin;

import dev.katka.broker.TestBroker;
import java.util.OptionalLong;

/** {@link ClusterClients} bootstrapped from a {@link TestBroker}, as {@link AdminConnection} makes them in the container. */
final class AdminTestBroker {

    private AdminTestBroker() {
    }

    static ClusterClients clientsOf(TestBroker broker) {
        return new ClusterClients(broker::bootstrapServers,
                partition -> broker.broker().partitions().get(partition)
                        .map(local -> OptionalLong.of(local.sizeInBytes()))
                        .orElse(OptionalLong.empty()),
                "admin-test");
    }
}
