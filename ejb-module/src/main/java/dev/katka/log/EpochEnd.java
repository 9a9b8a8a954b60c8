package dev.katka.log;

/**
 * Where a leader epoch ends in a log: the answer to OffsetForLeaderEpoch, which a follower uses to
 * find where its history and its leader's part.
 *
 * @param epoch     the largest epoch at or below the one asked for that the log holds, or -1
 * @param endOffset the offset where the epoch after it starts (the log end offset if it is the
 *                  latest), or -1
 */
public record EpochEnd(int epoch, long endOffset) {

    /** The log holds nothing of the epoch asked for or of any earlier one. */
    public static final EpochEnd UNDEFINED = new EpochEnd(-1, -1);

    public boolean isDefined() {
        return epoch >= 0;
    }
}
