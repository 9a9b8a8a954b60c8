package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offset and time index files: lookups, truncation, trimming, reopening, consistency checks. */
class IndexFileTest {

    private static final long BASE = 1000;

    @TempDir
    Path dir;

    private OffsetIndex offsetIndex(int maxBytes, boolean writable) throws Exception {
        return new OffsetIndex(dir.resolve("x.index"), BASE, maxBytes, writable);
    }

    @Test
    void offsetLookupFindsTheLastEntryAtOrBeforeTheTarget() throws Exception {
        OffsetIndex index = offsetIndex(1024, true);
        index.append(BASE + 10, 100);
        index.append(BASE + 20, 200);
        index.append(BASE + 30, 300);

        assertThat(index.lookup(BASE + 5)).isZero();
        assertThat(index.lookup(BASE + 10)).isEqualTo(100);
        assertThat(index.lookup(BASE + 29)).isEqualTo(200);
        assertThat(index.lookup(BASE + 1_000_000)).isEqualTo(300);
        assertThat(index.lookup(BASE - 1)).isZero();
        assertThat(index.lastOffset()).isEqualTo(BASE + 30);
    }

    @Test
    void offsetsMustAscend() throws Exception {
        OffsetIndex index = offsetIndex(1024, true);
        index.append(BASE + 10, 100);

        assertThatThrownBy(() -> index.append(BASE + 10, 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.append(BASE - 1, 200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPreallocatedIndexIsFullAtItsMaximumAndTrimsToItsEntries() throws Exception {
        OffsetIndex index = offsetIndex(8 * 3 + 5, true);
        assertThat(Files.size(index.file())).isEqualTo(24);
        index.append(BASE + 1, 10);
        index.append(BASE + 2, 20);
        assertThat(index.isFull()).isFalse();
        index.append(BASE + 3, 30);
        assertThat(index.isFull()).isTrue();

        index.truncateTo(BASE + 3);
        index.trim();

        assertThat(Files.size(index.file())).isEqualTo(16);
        assertThat(index.isFull()).isTrue();
        index.makeWritable(1024);
        index.append(BASE + 5, 50);
        assertThat(index.lookup(BASE + 6)).isEqualTo(50);
    }

    @Test
    void aTrimmedIndexReopensWithItsEntries() throws Exception {
        OffsetIndex index = offsetIndex(1024, true);
        index.append(BASE + 4, 40);
        index.append(BASE + 8, 80);
        index.trim();

        OffsetIndex reopened = offsetIndex(1024, false);

        assertThat(reopened.entries()).isEqualTo(2);
        assertThat(reopened.lookup(BASE + 9)).isEqualTo(80);
        assertThat(reopened.isConsistent(100)).isTrue();
        assertThat(reopened.isConsistent(80)).as("a position past the log's end").isFalse();
    }

    @Test
    void aPreallocatedIndexLeftByACrashIsInconsistent() throws Exception {
        OffsetIndex index = offsetIndex(1024, true);
        index.append(BASE + 4, 40);   // not trimmed: the file is 1024 bytes, mostly zeros

        OffsetIndex reopened = offsetIndex(1024, true);

        assertThat(reopened.isConsistent(1000)).isFalse();
    }

    @Test
    void truncateDropsEntriesAtOrAboveTheOffset() throws Exception {
        OffsetIndex index = offsetIndex(1024, true);
        index.append(BASE + 4, 40);
        index.append(BASE + 8, 80);

        index.truncateTo(BASE + 8);
        assertThat(index.entries()).isEqualTo(1);
        index.truncateTo(BASE);
        assertThat(index.entries()).isZero();
    }

    @Test
    void timeIndexKeepsOnlyGrowingTimestampsAndFindsWhereToScanFrom() throws Exception {
        TimeIndex index = new TimeIndex(dir.resolve("x.timeindex"), BASE, 1024, true);
        assertThat(index.lastTimestamp()).isEqualTo(RecordBatch.NO_TIMESTAMP);
        index.maybeAppend(100, BASE + 1);
        index.maybeAppend(100, BASE + 2);   // not larger: ignored
        index.maybeAppend(90, BASE + 3);    // older: ignored
        index.maybeAppend(200, BASE + 4);

        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.lookup(50)).isEqualTo(BASE);
        assertThat(index.lookup(150)).isEqualTo(BASE + 1);
        assertThat(index.lookup(200)).isEqualTo(BASE + 4);
        assertThat(index.lastTimestamp()).isEqualTo(200);
        assertThat(index.lastOffset()).isEqualTo(BASE + 4);
        assertThat(index.isConsistent(BASE + 5)).isTrue();
        assertThat(index.isConsistent(BASE + 4)).as("an entry past the log end").isFalse();

        index.truncateTo(BASE + 4);
        assertThat(index.lastTimestamp()).isEqualTo(100);
    }
}
