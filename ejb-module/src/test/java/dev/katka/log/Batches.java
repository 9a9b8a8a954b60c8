package dev.katka.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/** Produce-request batches as a Kafka producer builds them, through kafka-clients' own builder. */
final class Batches {

    /** The timestamp of {@link #leaderBatch}es: {@link ManualTime}'s start. */
    static final long LEADER_TIMESTAMP = 1_700_000_000_000L;

    private Batches() {
    }

    /** One uncompressed batch of {@code count} records with values "v0", "v1", ... and key "k". */
    static MemoryRecords records(long timestamp, int count) {
        return build(Compression.NONE, timestamp, count, RecordBatch.NO_PRODUCER_ID, (short) -1, -1);
    }

    static MemoryRecords records(Compression compression, long timestamp, int count) {
        return build(compression, timestamp, count, RecordBatch.NO_PRODUCER_ID, (short) -1, -1);
    }

    static MemoryRecords idempotent(long producerId, short epoch, int baseSequence, long timestamp, int count) {
        return build(Compression.NONE, timestamp, count, producerId, epoch, baseSequence);
    }

    static MemoryRecords withValueBytes(long timestamp, int count, int valueBytes) {
        MemoryRecordsBuilder builder = builder(Compression.NONE, RecordBatch.NO_PRODUCER_ID, (short) -1, -1);
        for (int i = 0; i < count; i++) {
            builder.append(new SimpleRecord(timestamp, "k".getBytes(StandardCharsets.UTF_8), new byte[valueBytes]));
        }
        return builder.build();
    }

    static MemoryRecords build(Compression compression, long timestamp, int count, long producerId, short epoch,
                               int baseSequence) {
        return build(compression, timestamp, count, producerId, epoch, baseSequence, 0);
    }

    /** Values "v0", "v1", ... each followed by {@code padding} bytes of 'x'. */
    static MemoryRecords build(Compression compression, long timestamp, int count, long producerId, short epoch,
                               int baseSequence, int padding) {
        MemoryRecordsBuilder builder = builder(compression, producerId, epoch, baseSequence);
        for (int i = 0; i < count; i++) {
            builder.append(new SimpleRecord(timestamp, "k".getBytes(StandardCharsets.UTF_8),
                    ("v" + i + "x".repeat(padding)).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    private static MemoryRecordsBuilder builder(Compression compression, long producerId, short epoch, int baseSequence) {
        return MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE, compression,
                TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, producerId, epoch, baseSequence, false,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
    }

    /**
     * One uncompressed batch as a leader's log holds it, as a follower receives it: offsets from
     * {@code baseOffset}, {@code leaderEpoch} in its header, values "v0", "v1", ...
     */
    static MemoryRecords leaderBatch(long baseOffset, int leaderEpoch, int count) {
        return leaderBatch(baseOffset, leaderEpoch, count, RecordBatch.NO_PRODUCER_ID, (short) -1, -1);
    }

    static MemoryRecords leaderBatch(long baseOffset, int leaderEpoch, int count, long producerId, short producerEpoch,
                                     int baseSequence) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP, producerId,
                producerEpoch, baseSequence, false, leaderEpoch);
        for (int i = 0; i < count; i++) {
            builder.append(new SimpleRecord(LEADER_TIMESTAMP, "k".getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    /**
     * One batch of keyed records, {@code keysAndValues} alternating key and value; a null value is
     * a tombstone.
     */
    static MemoryRecords keyed(long timestamp, String... keysAndValues) {
        return keyed(RecordBatch.NO_PRODUCER_ID, (short) -1, -1, timestamp, keysAndValues);
    }

    /** {@link #keyed(long, String...)} from an idempotent producer. */
    static MemoryRecords keyed(long producerId, short epoch, int baseSequence, long timestamp, String... keysAndValues) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(256), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, producerId, epoch,
                baseSequence, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String value = keysAndValues[i + 1];
            builder.append(new SimpleRecord(timestamp, keysAndValues[i].getBytes(StandardCharsets.UTF_8),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }

    /** Several batches in one request buffer, as a producer never does but the protocol allows. */
    static MemoryRecords concat(MemoryRecords... parts) {
        int size = 0;
        for (MemoryRecords part : parts) {
            size += part.sizeInBytes();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (MemoryRecords part : parts) {
            buffer.put(part.buffer());
        }
        buffer.flip();
        return MemoryRecords.readableRecords(buffer);
    }

    /** The values of every record, as strings, in order. */
    static List<String> values(MemoryRecords records) {
        List<String> values = new ArrayList<>();
        for (Record record : records.records()) {
            values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
        }
        return values;
    }

    /** The offsets of every record, in order. */
    static List<Long> offsets(MemoryRecords records) {
        List<Long> offsets = new ArrayList<>();
        for (Record record : records.records()) {
            offsets.add(record.offset());
        }
        return offsets;
    }

    /** A copy, so that a test can append the same bytes twice (appends rewrite the buffer). */
    static MemoryRecords copy(MemoryRecords records) {
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer());
        copy.flip();
        return MemoryRecords.readableRecords(copy);
    }
}
