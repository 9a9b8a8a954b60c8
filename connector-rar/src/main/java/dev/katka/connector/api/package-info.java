/**
 * What enterprise applications compile against to publish to and consume from Katka.
 *
 * <p>Publishing, JMS style: inject a {@link dev.katka.connector.api.KatkaConnectionFactory}
 * with {@code @Resource}, open a {@link dev.katka.connector.api.KatkaConnection} (cheap: every
 * connection of a factory shares one Kafka producer), and send through its
 * {@link dev.katka.connector.api.KatkaProducer}:
 *
 * <pre>{@code
 * @Resource(lookup = "java:app/katka/Chat")
 * KatkaConnectionFactory factory;
 *
 * try (KatkaConnection connection = factory.createConnection()) {
 *     RecordMetadata written = connection.createProducer().send("chat", room, message);
 * }
 * }</pre>
 *
 * <p>Consuming: a message-driven bean implements {@link dev.katka.connector.api.KatkaListener}
 * (one record per call) and names its topics and group in activation properties. A record's
 * offset is committed only after the bean returned normally; a bean that throws gets the record
 * again, and after the last retry the record goes to the dead-letter topic with the headers of
 * {@link dev.katka.connector.api.DeadLetterHeaders}.
 *
 * <p>Keys and values: {@code byte[]} is sent as is, {@code String} as UTF-8, anything else as
 * JSON (JSON-B); {@code null} stays null (a tombstone when it is the value).
 *
 * <p>This package is the whole public API: applications compile against the
 * {@code katka-connector} artifact with classifier {@code api}, scope {@code provided}; the
 * classes themselves come from the deployed resource adapter.
 */
package dev.katka.connector.api;
