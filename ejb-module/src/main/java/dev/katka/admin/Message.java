package dev.katka.admin;

import java.util.List;

/**
 * A record of a topic as the browser shows it. {@code key} and {@code value} are rendered in the
 * format asked for; {@code keyFormat} and {@code valueFormat} say how each was actually rendered
 * ({@code text}, {@code json} or {@code hex}: binary data is never forced into text). A null key
 * or value (a tombstone) stays null.
 */
public record Message(int partition, long offset, long timestamp, String key, String keyFormat, String value,
        String valueFormat, List<MessageHeader> headers) {
}
