package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/** Checks a segment's indexes entry by entry against a scan of its file. */
final class IndexChecks {

    private IndexChecks() {
    }

    static void assertIndexesAgreeWithTheFile(LogSegment segment) {
        Map<Integer, Long> baseOffsetAtPosition = new HashMap<>();
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        Map<Long, Long> maxTimestampUpToBatchEnding = new HashMap<>();
        for (FileChannelRecordBatch batch : segment.records().batches()) {
            baseOffsetAtPosition.put(batch.position(), batch.baseOffset());
            maxTimestamp = Math.max(maxTimestamp, batch.maxTimestamp());
            maxTimestampUpToBatchEnding.put(batch.lastOffset(), maxTimestamp);
        }
        OffsetIndex offsets = segment.offsetIndex();
        for (int slot = 0; slot < offsets.entries(); slot++) {
            assertThat(baseOffsetAtPosition.get(offsets.positionAt(slot)))
                    .as("offset index entry %d of %s", slot, segment).isEqualTo(offsets.offsetAt(slot));
        }
        TimeIndex times = segment.timeIndex();
        for (int slot = 0; slot < times.entries(); slot++) {
            assertThat(maxTimestampUpToBatchEnding.get(times.offsetAt(slot)))
                    .as("time index entry %d of %s", slot, segment).isEqualTo(times.timestampAt(slot));
        }
        assertThat(segment.maxTimestamp()).as("largest timestamp of %s", segment).isEqualTo(maxTimestamp);
    }
}
