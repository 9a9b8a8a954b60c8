package dev.katka.log;

import org.apache.kafka.common.KafkaException;

/**
 * A follower's append does not continue its log: the leader's first batch starts at
 * {@link #firstOffset()} while the log ends at {@link #logEndOffset()}. Nothing was appended. The
 * follower fetched from another offset than its log end, or its log changed since; it fetches
 * again from its log end.
 */
public final class UnexpectedAppendOffsetException extends KafkaException {

    private static final long serialVersionUID = 1L;

    private final long firstOffset;
    private final long logEndOffset;

    public UnexpectedAppendOffsetException(String message, long firstOffset, long logEndOffset) {
        super(message);
        this.firstOffset = firstOffset;
        this.logEndOffset = logEndOffset;
    }

    /** The base offset of the first batch offered. */
    public long firstOffset() {
        return firstOffset;
    }

    /** The log end offset the batch should have started at. */
    public long logEndOffset() {
        return logEndOffset;
    }
}
