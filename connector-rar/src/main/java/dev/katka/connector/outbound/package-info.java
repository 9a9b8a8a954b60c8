/**
 * The outbound half of the resource adapter: how an application's
 * {@link dev.katka.connector.api.KatkaConnectionFactory} sends records to the cluster.
 *
 * <p>How the pieces fit, from the deployment down to the wire:
 * <ul>
 *   <li>{@link dev.katka.connector.outbound.KatkaManagedConnectionFactory} is what the deployer
 *       configures (bootstrap servers, acks, ... as JavaBean properties, checked and turned into
 *       Kafka producer properties by {@link dev.katka.connector.outbound.ProducerSettings}). It
 *       owns one {@link dev.katka.connector.outbound.SharedProducer}, the single Kafka producer
 *       of the factory, which the resource adapter closes when it stops.</li>
 *   <li>{@link dev.katka.connector.outbound.OutboundConnectionFactory} is what the application
 *       gets injected; it asks the container's connection manager (or, outside a container,
 *       {@link dev.katka.connector.outbound.UnpooledConnectionManager}) for a connection.</li>
 *   <li>{@link dev.katka.connector.outbound.KatkaManagedConnection} is what the container pools;
 *       it hands out {@link dev.katka.connector.outbound.ConnectionHandle}s, the
 *       {@link dev.katka.connector.api.KatkaConnection}s applications hold.</li>
 *   <li>{@link dev.katka.connector.outbound.ConnectionProducer} sends a connection's records
 *       through the shared producer, converted by
 *       {@link dev.katka.connector.outbound.KafkaRecords}.</li>
 * </ul>
 *
 * <p>Closing a connection never loses a record: the records travel in the shared producer,
 * which no connection owns. Connections take part in no transaction.
 */
package dev.katka.connector.outbound;
