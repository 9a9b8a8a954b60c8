package dev.katka.controller;

import dev.katka.metadata.MetadataRecord;
import java.util.List;
import org.apache.kafka.common.protocol.Errors;

/** What the controller state machine asks its driver to do. */
public sealed interface ControllerAction {

    /** Append these records to the metadata log, in order, under this controller's epoch. */
    record Append(List<MetadataRecord> records) implements ControllerAction {
    }

    /**
     * Answer a request. The answer is due once the records appended before it are applied by the
     * brokers (the driver knows when).
     *
     * @param value what the request produced (the created topic, the first producer id, ...), or null
     */
    record Reply(long requestId, Errors error, String message, Object value) implements ControllerAction {

        public static Reply ok(long requestId, Object value) {
            return new Reply(requestId, Errors.NONE, null, value);
        }

        public static Reply error(long requestId, Errors error, String message) {
            return new Reply(requestId, error, message, null);
        }
    }
}
