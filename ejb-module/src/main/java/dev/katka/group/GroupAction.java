package dev.katka.group;

import java.util.List;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** What the {@link GroupShard} state machine asks its driver to do. */
public sealed interface GroupAction {

    /** Answer request {@code requestId} with {@code response} (a Kafka response message). */
    record Respond(long requestId, Object response) implements GroupAction {
    }

    /**
     * Append {@code records} to the shard's {@code __consumer_offsets} partition, acks=all, then
     * report the outcome with {@link GroupShard#onWriteCompleted}.
     */
    record Write(long writeId, List<SimpleRecord> records) implements GroupAction {
    }
}
