package dev.katka.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteUtils;
import org.apache.kafka.common.utils.internals.CloseableIterator;

/**
 * Checks the record batches of a produce request before anything of them reaches the log, and
 * throws the kafka-clients exception the protocol layer answers with (a follower's batches, copied
 * from its leader, get the lighter checks of {@link #validateReplicated}):
 * <ul>
 *   <li>the buffer is whole batches, nothing more or less ({@link CorruptRecordException});</li>
 *   <li>magic 2 ({@link InvalidRecordException}); no size above {@code max.message.bytes}
 *       ({@link RecordTooLargeException}); CRC32C ({@link CorruptRecordException});</li>
 *   <li>no transactional or control batch (not supported yet), a base sequence when there is a
 *       producer id;</li>
 *   <li>records: at least one, as many as {@code lastOffsetDelta + 1}, offset deltas 0, 1, 2 ...,
 *       lengths that add up exactly, a key for every record of a compacted log
 *       ({@link InvalidRecordException});</li>
 *   <li>CreateTime timestamps within {@code message.timestamp.before/after.max.ms} of the broker's
 *       clock ({@link InvalidTimestampException}).</li>
 * </ul>
 * Uncompressed records are walked in the request's buffer without allocating anything per
 * record; compressed ones are decompressed by kafka-clients' streaming iterator, bounded, and
 * stay compressed in the log (no recompression).
 *
 * <p>Stateless and thread-safe: produce requests are validated on the network threads, outside
 * the log's lock.
 */
final class BatchValidator {

    /**
     * A record may decompress to at most this many times its batch's size. Real data stays far
     * below (gzip rarely beats 10:1 on logs); a batch claiming more is a decompression bomb.
     */
    static final int MAX_COMPRESSION_RATIO = 100;

    /** The v2 header field after lastOffsetDelta; kafka-clients keeps its constant package-private. */
    private static final int BASE_TIMESTAMP_OFFSET = DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET + 4;

    private BatchValidator() {
    }

    /**
     * Validates every batch of {@code records} for a log with {@code config}, at broker time
     * {@code now}, and returns them in order. Nothing is modified.
     */
    static List<ValidBatch> validate(MemoryRecords records, LogConfig config, long now) {
        checkFraming(records.buffer(), config.maxMessageBytes());
        List<ValidBatch> batches = new ArrayList<>(1);
        ByteBuffer walker = records.buffer().duplicate();
        int position = records.buffer().position();
        for (MutableRecordBatch batch : records.batches()) {
            batches.add(validateBatch(batch, walker, position, config, now));
            position += batch.sizeInBytes();
        }
        return batches;
    }

    /**
     * Checks the batches a follower copies from its leader before they reach its log: whole
     * batches of magic 2, each with a valid CRC32C and a last offset not before its base, offsets
     * ascending from batch to batch (gaps allowed: a compacted leader's log has them), leader
     * epochs never decreasing, and the whole span within int32 (a segment's relative offsets). A
     * batch may exceed {@code max.message.bytes}: the leader accepted it under its own config, and
     * a follower that refused it would stop replicating for good; the buffer bounds it. The
     * records themselves are not walked: the leader validated them, and the CRC shows they
     * arrived as it wrote them. Nothing is modified.
     *
     * @return the batches, in order; at least one
     * @throws CorruptRecordException  a CRC mismatch, a batch cut off or smaller than its header
     * @throws InvalidRecordException  no batch, another magic, offsets or leader epochs out of order
     */
    static List<MutableRecordBatch> validateReplicated(MemoryRecords records) {
        checkFraming(records.buffer(), Integer.MAX_VALUE);
        List<MutableRecordBatch> batches = new ArrayList<>();
        MutableRecordBatch previous = null;
        for (MutableRecordBatch batch : records.batches()) {
            batch.ensureValid();
            if (batch.lastOffset() < batch.baseOffset()) {
                throw new InvalidRecordException("The replicated batch at offset " + batch.baseOffset()
                        + " ends before it begins, at offset " + batch.lastOffset());
            }
            if (previous != null) {
                checkFollows(previous, batch);
            }
            batches.add(batch);
            previous = batch;
        }
        long first = batches.get(0).baseOffset();
        if (previous.lastOffset() - first > Integer.MAX_VALUE) {
            throw new InvalidRecordException("Replicated batches span offsets " + first + " to " + previous.lastOffset()
                    + ", more than one segment can index");
        }
        return batches;
    }

    private static void checkFollows(RecordBatch previous, RecordBatch batch) {
        if (batch.baseOffset() <= previous.lastOffset()) {
            throw new InvalidRecordException("Replicated batches must have ascending offsets: a batch at offset "
                    + batch.baseOffset() + " follows one ending at offset " + previous.lastOffset());
        }
        if (batch.partitionLeaderEpoch() < previous.partitionLeaderEpoch()) {
            throw new InvalidRecordException("Leader epochs must not decrease: the replicated batch at offset "
                    + batch.baseOffset() + " has epoch " + batch.partitionLeaderEpoch() + " after epoch "
                    + previous.partitionLeaderEpoch());
        }
    }

    /**
     * Walks the batch headers: whole batches of magic 2, none too large. Runs before anything
     * parses a batch, so that kafka-clients never sees a legacy or truncated one.
     */
    private static void checkFraming(ByteBuffer buffer, int maxMessageBytes) {
        int position = buffer.position();
        int end = buffer.limit();
        if (position == end) {
            throw new InvalidRecordException("The produce request has no record batch");
        }
        while (position < end) {
            if (end - position < Records.HEADER_SIZE_UP_TO_MAGIC) {
                throw new CorruptRecordException("Found " + (end - position) + " bytes after the last whole record batch");
            }
            byte magic = buffer.get(position + Records.MAGIC_OFFSET);
            if (magic != RecordBatch.MAGIC_VALUE_V2) {
                throw new InvalidRecordException("Record batch magic v" + magic + " is not supported; only v2 is");
            }
            int size = Records.LOG_OVERHEAD + buffer.getInt(position + Records.SIZE_OFFSET);
            if (size < DefaultRecordBatch.RECORD_BATCH_OVERHEAD) {
                throw new CorruptRecordException("Record batch size " + size + " is smaller than a batch header");
            }
            if (size > maxMessageBytes) {
                throw new RecordTooLargeException("The record batch is " + size
                        + " bytes, larger than the maximum allowed (max.message.bytes) of " + maxMessageBytes);
            }
            if (size > end - position) {
                throw new CorruptRecordException("Record batch of " + size + " bytes is cut off after "
                        + (end - position) + " bytes");
            }
            position += size;
        }
    }

    private static ValidBatch validateBatch(MutableRecordBatch batch, ByteBuffer walker, int position,
                                            LogConfig config, long now) {
        walker.clear(); // the previous batch's walk narrowed it
        batch.ensureValid();
        if (batch.isTransactional() || batch.isControlBatch()) {
            throw new InvalidRecordException("transactions are not supported");
        }
        if (batch.hasProducerId() && batch.baseSequence() < 0) {
            throw new InvalidRecordException("An idempotent record batch (producer id " + batch.producerId()
                    + ") has no base sequence");
        }
        int count = walker.getInt(position + DefaultRecordBatch.RECORDS_COUNT_OFFSET);
        int lastOffsetDelta = walker.getInt(position + DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET);
        if (count < 1 || lastOffsetDelta != count - 1) {
            throw new InvalidRecordException("A record batch declares " + count + " records and last offset delta "
                    + lastOffsetDelta + "; it must hold at least one record, with consecutive offsets");
        }
        RecordChecks checks = new RecordChecks(config, now);
        long maxTimestamp = batch.isCompressed()
                ? checkCompressedRecords(batch, count, checks)
                : checkUncompressedRecords(walker, position, batch.sizeInBytes(),
                        walker.getLong(position + BASE_TIMESTAMP_OFFSET), count, checks);
        return new ValidBatch(batch, count, maxTimestamp);
    }

    /**
     * Walks the records of an uncompressed batch in place: every length is a varint that must
     * match what follows, so a record that claims more or fewer bytes than it has is rejected.
     */
    private static long checkUncompressedRecords(ByteBuffer buffer, int batchStart, int batchSize, long baseTimestamp,
                                                 int count, RecordChecks checks) {
        int batchEnd = batchStart + batchSize;
        buffer.limit(batchEnd).position(batchStart + DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        try {
            for (int expectedDelta = 0; expectedDelta < count; expectedDelta++) {
                int length = ByteUtils.readVarint(buffer);
                if (length <= 0 || length > buffer.remaining()) {
                    throw new InvalidRecordException("Record " + expectedDelta + " claims " + length + " bytes but "
                            + buffer.remaining() + " remain in its batch");
                }
                int recordEnd = buffer.position() + length;
                buffer.limit(recordEnd);
                buffer.get(); // attributes: unused in v2
                long timestamp = baseTimestamp + ByteUtils.readVarlong(buffer);
                int offsetDelta = ByteUtils.readVarint(buffer);
                if (offsetDelta != expectedDelta) {
                    throw new InvalidRecordException("Record offset delta " + offsetDelta + " where " + expectedDelta
                            + " was expected: offsets in a batch must be consecutive");
                }
                int keyLength = skipBytes(buffer, -1, "key");
                checks.key(keyLength >= 0);
                skipBytes(buffer, -1, "value");
                int headers = ByteUtils.readVarint(buffer);
                if (headers < 0) {
                    throw new InvalidRecordException("Negative header count " + headers);
                }
                for (int header = 0; header < headers; header++) {
                    skipBytes(buffer, 0, "header key");
                    skipBytes(buffer, -1, "header value");
                }
                if (buffer.hasRemaining()) {
                    throw new InvalidRecordException("Record " + expectedDelta + " has " + buffer.remaining()
                            + " bytes more than its fields");
                }
                checks.timestamp(timestamp);
                maxTimestamp = Math.max(maxTimestamp, timestamp);
                buffer.limit(batchEnd);
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new InvalidRecordException("A record is cut off or has a malformed varint: " + e);
        }
        if (buffer.hasRemaining()) {
            throw new InvalidRecordException("The batch has " + buffer.remaining() + " bytes after its last record");
        }
        return maxTimestamp;
    }

    /** Reads a varint length and skips that many bytes; returns the length ({@code minimum}-1 means absent is not allowed). */
    private static int skipBytes(ByteBuffer buffer, int minimum, String what) {
        int length = ByteUtils.readVarint(buffer);
        if (length < minimum || length > buffer.remaining()) {
            throw new InvalidRecordException("Invalid " + what + " length " + length);
        }
        if (length > 0) {
            buffer.position(buffer.position() + length);
        }
        return length;
    }

    private static long checkCompressedRecords(MutableRecordBatch batch, int count, RecordChecks checks) {
        long maxDecompressedBytes = Math.min((long) batch.sizeInBytes() * MAX_COMPRESSION_RATIO,
                Records.SOFT_MAX_ARRAY_LENGTH);
        long decompressedBytes = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        int seen = 0;
        try (CloseableIterator<Record> records = batch.streamingIterator(BufferSupplier.NO_CACHING,
                (int) maxDecompressedBytes)) {
            Iterator<Record> iterator = records;
            while (iterator.hasNext()) {
                Record record = iterator.next();
                if (record.offset() - batch.baseOffset() != seen) {
                    throw new InvalidRecordException("Record offset delta " + (record.offset() - batch.baseOffset())
                            + " where " + seen + " was expected: offsets in a batch must be consecutive");
                }
                decompressedBytes += record.sizeInBytes();
                if (decompressedBytes > maxDecompressedBytes) {
                    throw new InvalidRecordException("The compressed batch expands to more than "
                            + maxDecompressedBytes + " bytes");
                }
                checks.key(record.hasKey());
                checks.timestamp(record.timestamp());
                maxTimestamp = Math.max(maxTimestamp, record.timestamp());
                seen++;
            }
        } catch (InvalidRecordException | CorruptRecordException | InvalidTimestampException e) {
            throw e;
        } catch (KafkaException e) {
            throw new InvalidRecordException("Cannot decompress a " + batch.compressionType() + " batch: " + e);
        }
        if (seen != count) {
            throw new InvalidRecordException("A compressed batch declares " + count + " records but holds " + seen);
        }
        return maxTimestamp;
    }

    /** The per-record rules that depend on the log's configuration. */
    private static final class RecordChecks {
        private final boolean keysRequired;
        private final boolean checkTimestamps;
        private final long earliest;
        private final long latest;
        private final LogConfig config;

        RecordChecks(LogConfig config, long now) {
            this.config = config;
            this.keysRequired = config.compact();
            // Whatever the producer's batch says: the topic decides which clock its timestamps come from.
            this.checkTimestamps = config.timestampType() == TimestampType.CREATE_TIME;
            this.earliest = now - config.timestampBeforeMaxMs();
            this.latest = config.timestampAfterMaxMs() > Long.MAX_VALUE - now ? Long.MAX_VALUE
                    : now + config.timestampAfterMaxMs();
        }

        void key(boolean present) {
            if (keysRequired && !present) {
                throw new InvalidRecordException("Compacted topic cannot accept message without key");
            }
        }

        void timestamp(long timestamp) {
            if (checkTimestamps && (timestamp < earliest || timestamp > latest)) {
                throw new InvalidTimestampException("Timestamp " + timestamp + " of a record is out of range: "
                        + "message.timestamp.before.max.ms is " + config.timestampBeforeMaxMs()
                        + " and message.timestamp.after.max.ms is " + config.timestampAfterMaxMs());
            }
        }
    }
}
