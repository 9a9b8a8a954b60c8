package dev.katka.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

/** What a consumer reading a log from its start gets: every record with its offset, key and value. */
final class LogContents {

    /** One record; a null value is a tombstone. */
    record Entry(long offset, String key, String value) {
    }

    private LogContents() {
    }

    /** Every record from the log start to the log end, read as Fetch does, batch after batch. */
    static List<Entry> read(PartitionLog log) {
        List<Entry> entries = new ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            MemoryRecords records = log.read(next, Integer.MAX_VALUE, Long.MAX_VALUE, true).records().toMemoryRecords();
            if (records.sizeInBytes() == 0) {
                break;
            }
            for (RecordBatch batch : records.batches()) {
                batch.ensureValid();
                for (Record record : batch) {
                    if (record.offset() >= next) {
                        entries.add(new Entry(record.offset(), text(record.key()), text(record.value())));
                    }
                }
                next = batch.nextOffset();
            }
        }
        return entries;
    }

    private static String text(java.nio.ByteBuffer bytes) {
        return bytes == null ? null : StandardCharsets.UTF_8.decode(bytes).toString();
    }
}
