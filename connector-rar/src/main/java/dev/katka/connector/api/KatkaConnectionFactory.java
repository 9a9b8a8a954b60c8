package dev.katka.connector.api;

import jakarta.resource.Referenceable;
import java.io.Serializable;

/**
 * Where an application gets its connections to Katka: a container-managed resource, injected
 * with {@code @Resource}. Thread-safe.
 */
public interface KatkaConnectionFactory extends Serializable, Referenceable {

    /**
     * Opens a connection. Cheap: the connections of one factory share one Kafka producer, so
     * open one per unit of work and close it when done.
     *
     * @throws KatkaException if the resource adapter cannot hand out a connection
     */
    KatkaConnection createConnection();
}
