package dev.katka.log;

import org.apache.kafka.common.record.TimestampType;

/**
 * The settings one partition log runs with: a topic's effective configuration (its overrides on
 * top of the broker's {@code log.*} defaults), already parsed and validated.
 *
 * <p>Immutable. A topic config change produces a new instance that the log picks up with
 * {@link PartitionLog#updateConfig(LogConfig)}.
 *
 * @param segmentBytes          roll the active segment when it would grow past this size
 * @param segmentMs             roll the active segment when its first batch is older than this
 * @param segmentIndexBytes     the largest an offset or time index may grow (entries are sparse)
 * @param indexIntervalBytes    bytes of log between two offset index entries
 * @param flushMessages         fsync after this many appended records ({@link Long#MAX_VALUE}: leave it to the OS)
 * @param flushMs               fsync when the last fsync is older than this ({@link Long#MAX_VALUE}: never by time)
 * @param retentionMs           delete segments whose newest record is older than this (-1: keep forever)
 * @param retentionBytes        delete oldest segments while the log is larger than this (-1: no limit)
 * @param maxMessageBytes       the largest record batch accepted, in bytes
 * @param timestampType         CreateTime keeps the producer's timestamps; LogAppendTime stamps the broker's clock
 * @param timestampBeforeMaxMs  the furthest a CreateTime timestamp may lie in the past
 * @param timestampAfterMaxMs   the furthest a CreateTime timestamp may lie in the future
 * @param fileDeleteDelayMs     how long a deleted segment's files stay (renamed {@code .deleted}) before removal,
 *                              so reads already under way finish
 * @param delete                whether retention deletes old segments ({@code cleanup.policy} contains delete)
 * @param compact               whether the log is compacted ({@code cleanup.policy} contains compact)
 * @param deleteRetentionMs     how long a compacted log keeps tombstones after the cleaning that first saw them
 * @param minCleanableDirtyRatio the share of the log that must be dirty (not yet cleaned) before the cleaner takes it
 * @param minCompactionLagMs    how long a record stays uncompacted after it was written
 * @param maxCompactionLagMs    how long a record may stay uncompacted: the log is cleaned then whatever its dirty ratio,
 *                              and its active segment rolls at that age
 */
public record LogConfig(
        int segmentBytes,
        long segmentMs,
        int segmentIndexBytes,
        int indexIntervalBytes,
        long flushMessages,
        long flushMs,
        long retentionMs,
        long retentionBytes,
        int maxMessageBytes,
        TimestampType timestampType,
        long timestampBeforeMaxMs,
        long timestampAfterMaxMs,
        long fileDeleteDelayMs,
        boolean delete,
        boolean compact,
        long deleteRetentionMs,
        double minCleanableDirtyRatio,
        long minCompactionLagMs,
        long maxCompactionLagMs) {

    /**
     * The age at which the active segment rolls: {@code segment.ms}, or {@code max.compaction.lag.ms}
     * when that is shorter in a compacted log, since the cleaner never touches the active segment
     * and could not honour the lag otherwise (Kafka's rule).
     */
    public long rollMs() {
        return compact ? Math.min(segmentMs, maxCompactionLagMs) : segmentMs;
    }

    /** Kafka's defaults, for tests and tools that need a log without a broker. */
    public static LogConfig defaults() {
        return new LogConfig(
                1024 * 1024 * 1024,
                7L * 24 * 60 * 60 * 1000,
                10 * 1024 * 1024,
                4096,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                7L * 24 * 60 * 60 * 1000,
                -1L,
                1024 * 1024 + 12,
                TimestampType.CREATE_TIME,
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                60_000L,
                true,
                false,
                24L * 60 * 60 * 1000,
                0.5,
                0L,
                Long.MAX_VALUE);
    }
}
