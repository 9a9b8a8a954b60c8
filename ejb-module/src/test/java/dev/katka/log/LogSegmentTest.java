package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSegmentTest {

    private static final long BASE = 100;

    @TempDir
    Path dir;

    private final List<LogSegment> opened = new ArrayList<>();
    private final int batchSize = Batches.records(0, 2).sizeInBytes();
    private long nextOffset = BASE;

    @AfterEach
    void close() throws Exception {
        for (LogSegment segment : opened) {
            segment.close();
        }
    }

    private LogSegment open(int maxIndexBytes) throws Exception {
        LogSegment segment = LogSegment.open(new PartitionDirectory(dir), BASE, maxIndexBytes, true,
                RecordFileOpener.DEFAULT);
        opened.add(segment);
        return segment;
    }

    /** A batch of two records with offsets assigned, as the log hands it to the segment. */
    private MemoryRecords nextBatch(long timestamp) {
        MemoryRecords records = Batches.records(timestamp, 2);
        new ValidBatch(records.batches().iterator().next(), 2, timestamp)
                .assign(nextOffset, 0, TimestampType.CREATE_TIME, 0);
        nextOffset += 2;
        return records;
    }

    private List<long[]> offsetIndexEntries(LogSegment segment) {
        List<long[]> entries = new ArrayList<>();
        for (int slot = 0; slot < segment.offsetIndex().entries(); slot++) {
            entries.add(new long[] {segment.offsetIndex().offsetAt(slot), segment.offsetIndex().positionAt(slot)});
        }
        return entries;
    }

    @Test
    void indexesOneBatchPerIndexIntervalBytes() throws Exception {
        LogSegment segment = open(1024);
        for (int i = 0; i < 8; i++) {
            segment.append(nextBatch(i), batchSize);
        }

        assertThat(offsetIndexEntries(segment)).containsExactly(
                new long[] {BASE + 4, 2L * batchSize}, new long[] {BASE + 8, 4L * batchSize},
                new long[] {BASE + 12, 6L * batchSize});
        assertThat(segment.maxTimestamp()).isEqualTo(7);
        assertThat(segment.offsetOfMaxTimestamp()).isEqualTo(BASE + 15);
    }

    @Test
    void recoveryRebuildsTheSameIndexesFromTheFile() throws Exception {
        LogSegment segment = open(1024);
        for (int i = 0; i < 8; i++) {
            segment.append(nextBatch(i * 10L), 1);
        }
        List<long[]> before = offsetIndexEntries(segment);
        long timeEntriesBefore = segment.timeIndex().entries();

        assertThat(segment.recover(1024, 1)).isZero();

        assertThat(offsetIndexEntries(segment)).containsExactlyElementsOf(before);
        assertThat(segment.timeIndex().entries()).isEqualTo(timeEntriesBefore);
        assertThat(segment.maxTimestamp()).isEqualTo(70);
    }

    @Test
    void recoveryCutsBytesThatDoNotFormABatch() throws Exception {
        LogSegment segment = open(1024);
        segment.append(nextBatch(1), 1);
        segment.append(nextBatch(2), 1);
        segment.close();
        opened.clear();
        try (FileChannel channel = FileChannel.open(dir.resolve(PartitionDirectory.fileName(BASE, ".log")),
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 70, 9}));
        }

        LogSegment reopened = open(1024);

        assertThat(reopened.recover(1024, 1)).isEqualTo(13);
        assertThat(reopened.sizeInBytes()).isEqualTo(2 * batchSize);
        assertThat(reopened.readNextOffset()).isEqualTo(BASE + 4);
    }

    @Test
    void readStopsAtMaxPositionAndAtMaxOffset() throws Exception {
        LogSegment segment = open(1024);
        for (int i = 0; i < 4; i++) {
            segment.append(nextBatch(i), 1);
        }

        assertThat(segment.read(BASE, Integer.MAX_VALUE, 3 * batchSize, Long.MAX_VALUE, true, -1).sizeInBytes())
                .isEqualTo(3 * batchSize);
        assertThat(segment.read(BASE + 2, Integer.MAX_VALUE, 4 * batchSize, BASE + 5, true, -1).sizeInBytes())
                .isEqualTo(batchSize);
        assertThat(segment.read(BASE + 8, Integer.MAX_VALUE, 4 * batchSize, Long.MAX_VALUE, true, -1)).isNull();
    }

    @Test
    void rollsWhenAnIndexIsFull() throws Exception {
        LogConfig config = TestLogConfig.defaults().build();
        LogSegment segment = open(16);   // room for two offset entries, one time entry
        segment.append(nextBatch(1), 1);
        assertThat(segment.shouldRoll(config, batchSize, 1, nextOffset + 1)).isFalse();

        segment.append(nextBatch(2), 1);
        segment.append(nextBatch(3), 1);   // two entries with growing timestamps: the time index is full

        assertThat(segment.shouldRoll(config, batchSize, 3, nextOffset + 1)).isTrue();
    }

    @Test
    void ageIsMeasuredFromTheFirstBatch() throws Exception {
        LogSegment segment = open(1024);
        assertThat(segment.isOlderThan(10, 1_000_000)).as("an empty segment has no age").isFalse();
        segment.append(nextBatch(1000), 1);
        segment.append(nextBatch(5000), 1);

        assertThat(segment.isOlderThan(100, 1100)).isFalse();
        assertThat(segment.isOlderThan(100, 1101)).isTrue();
    }

    @Test
    void truncationRecomputesTheLargestTimestamp() throws Exception {
        LogSegment segment = open(1024);
        segment.append(nextBatch(10), 1);
        segment.append(nextBatch(50), 1);
        segment.append(nextBatch(20), 1);

        segment.truncateTo(BASE + 4);
        assertThat(segment.maxTimestamp()).isEqualTo(50);
        segment.truncateTo(BASE + 3);
        assertThat(segment.maxTimestamp()).isEqualTo(10);
        assertThat(segment.readNextOffset()).isEqualTo(BASE + 2);
    }
}
