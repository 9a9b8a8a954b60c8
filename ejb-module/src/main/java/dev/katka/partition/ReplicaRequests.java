package dev.katka.partition;

import dev.katka.replication.ReplicationAction;

/**
 * Where a partition's replica sends what it asks of other brokers: fetches and
 * OffsetForLeaderEpoch to its leader, ISR changes to the controller. The answers come back
 * through the partition's event methods ({@link Partition#onFetchResponse}, ...).
 *
 * <p>Implementations must not block: they are called on the thread of the event that asked.
 */
@FunctionalInterface
public interface ReplicaRequests {

    void send(Partition partition, ReplicationAction action);
}
