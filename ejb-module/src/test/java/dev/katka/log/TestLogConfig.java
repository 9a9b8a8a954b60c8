package dev.katka.log;

import org.apache.kafka.common.record.TimestampType;

/** Builds {@link LogConfig}s for tests: Kafka's defaults, with the few settings a test is about changed. */
final class TestLogConfig {

    int segmentBytes;
    long segmentMs;
    int segmentIndexBytes;
    int indexIntervalBytes;
    long flushMessages;
    long flushMs;
    long retentionMs;
    long retentionBytes;
    int maxMessageBytes;
    TimestampType timestampType;
    long timestampBeforeMaxMs;
    long timestampAfterMaxMs;
    long fileDeleteDelayMs;
    boolean delete;
    boolean compact;
    long deleteRetentionMs;
    double minCleanableDirtyRatio;
    long minCompactionLagMs;
    long maxCompactionLagMs;

    private TestLogConfig(LogConfig base) {
        segmentBytes = base.segmentBytes();
        segmentMs = base.segmentMs();
        segmentIndexBytes = base.segmentIndexBytes();
        indexIntervalBytes = base.indexIntervalBytes();
        flushMessages = base.flushMessages();
        flushMs = base.flushMs();
        retentionMs = base.retentionMs();
        retentionBytes = base.retentionBytes();
        maxMessageBytes = base.maxMessageBytes();
        timestampType = base.timestampType();
        timestampBeforeMaxMs = base.timestampBeforeMaxMs();
        timestampAfterMaxMs = base.timestampAfterMaxMs();
        fileDeleteDelayMs = base.fileDeleteDelayMs();
        delete = base.delete();
        compact = base.compact();
        deleteRetentionMs = base.deleteRetentionMs();
        minCleanableDirtyRatio = base.minCleanableDirtyRatio();
        minCompactionLagMs = base.minCompactionLagMs();
        maxCompactionLagMs = base.maxCompactionLagMs();
    }

    /** Defaults, but small index files so that tests do not map 10 MiB per segment. */
    static TestLogConfig defaults() {
        TestLogConfig config = new TestLogConfig(LogConfig.defaults());
        config.segmentIndexBytes = 64 * 1024;
        return config;
    }

    TestLogConfig segmentBytes(int value) {
        segmentBytes = value;
        return this;
    }

    TestLogConfig segmentMs(long value) {
        segmentMs = value;
        return this;
    }

    TestLogConfig segmentIndexBytes(int value) {
        segmentIndexBytes = value;
        return this;
    }

    TestLogConfig indexIntervalBytes(int value) {
        indexIntervalBytes = value;
        return this;
    }

    TestLogConfig flushMessages(long value) {
        flushMessages = value;
        return this;
    }

    TestLogConfig flushMs(long value) {
        flushMs = value;
        return this;
    }

    TestLogConfig retentionMs(long value) {
        retentionMs = value;
        return this;
    }

    TestLogConfig retentionBytes(long value) {
        retentionBytes = value;
        return this;
    }

    TestLogConfig maxMessageBytes(int value) {
        maxMessageBytes = value;
        return this;
    }

    TestLogConfig timestampType(TimestampType value) {
        timestampType = value;
        return this;
    }

    TestLogConfig timestampBeforeMaxMs(long value) {
        timestampBeforeMaxMs = value;
        return this;
    }

    TestLogConfig timestampAfterMaxMs(long value) {
        timestampAfterMaxMs = value;
        return this;
    }

    TestLogConfig fileDeleteDelayMs(long value) {
        fileDeleteDelayMs = value;
        return this;
    }

    TestLogConfig compact(boolean value) {
        compact = value;
        return this;
    }

    /** {@code cleanup.policy}: which of delete and compact apply. */
    TestLogConfig cleanupPolicy(boolean delete, boolean compact) {
        this.delete = delete;
        this.compact = compact;
        return this;
    }

    TestLogConfig deleteRetentionMs(long value) {
        deleteRetentionMs = value;
        return this;
    }

    TestLogConfig minCleanableDirtyRatio(double value) {
        minCleanableDirtyRatio = value;
        return this;
    }

    TestLogConfig minCompactionLagMs(long value) {
        minCompactionLagMs = value;
        return this;
    }

    TestLogConfig maxCompactionLagMs(long value) {
        maxCompactionLagMs = value;
        return this;
    }

    LogConfig build() {
        return new LogConfig(segmentBytes, segmentMs, segmentIndexBytes, indexIntervalBytes, flushMessages, flushMs,
                retentionMs, retentionBytes, maxMessageBytes, timestampType, timestampBeforeMaxMs, timestampAfterMaxMs,
                fileDeleteDelayMs, delete, compact, deleteRetentionMs, minCleanableDirtyRatio, minCompactionLagMs,
                maxCompactionLagMs);
    }
}
