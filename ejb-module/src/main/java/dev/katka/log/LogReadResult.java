package dev.katka.log;

/**
 * What a read found.
 *
 * @param records        whole batches, zero-copy, possibly empty
 * @param logStartOffset the log start offset when the read began
 * @param logEndOffset   the log end offset when the read began
 */
public record LogReadResult(FileSlice records, long logStartOffset, long logEndOffset) {
}
