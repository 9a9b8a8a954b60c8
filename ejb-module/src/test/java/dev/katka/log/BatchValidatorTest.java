package dev.katka.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchValidatorTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final LogConfig DEFAULTS = TestLogConfig.defaults().build();

    private static List<ValidBatch> validate(MemoryRecords records, LogConfig config) {
        return BatchValidator.validate(records, config, NOW);
    }

    @Test
    void acceptsAProducerBatchAndCountsItsRecords() {
        List<ValidBatch> batches = validate(Batches.records(NOW, 3), DEFAULTS);

        assertThat(batches).singleElement().satisfies(batch -> {
            assertThat(batch.recordCount()).isEqualTo(3);
            assertThat(batch.maxTimestamp()).isEqualTo(NOW);
        });
    }

    @Test
    void acceptsSeveralBatchesInOneRequest() {
        MemoryRecords records = Batches.concat(Batches.records(NOW, 2), Batches.records(NOW + 1, 3));

        assertThat(validate(records, DEFAULTS)).extracting(ValidBatch::recordCount).containsExactly(2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "snappy", "lz4", "zstd"})
    void acceptsEveryCompressionCodec(String codec) {
        Compression compression = Compression.of(org.apache.kafka.common.record.internal.CompressionType.forName(codec)).build();
        MemoryRecords records = Batches.records(compression, NOW, 5);

        assertThat(validate(records, DEFAULTS)).singleElement().extracting(ValidBatch::recordCount).isEqualTo(5);
    }

    @Test
    void rejectsOldMagicNamingIt() {
        MemoryRecords legacy = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                new SimpleRecord(NOW, "k".getBytes(), "v".getBytes()));

        assertThatThrownBy(() -> validate(legacy, DEFAULTS)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("v1");
    }

    @Test
    void rejectsABadChecksum() {
        MemoryRecords records = Batches.records(NOW, 2);
        ByteBuffer buffer = records.buffer();
        int last = buffer.limit() - 1;
        buffer.put(last, (byte) (buffer.get(last) ^ 0x5a));

        assertThatThrownBy(() -> validate(records, DEFAULTS)).isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void rejectsABatchLargerThanMaxMessageBytesNamingBothSizes() {
        MemoryRecords records = Batches.records(NOW, 10);
        LogConfig config = TestLogConfig.defaults().maxMessageBytes(100).build();

        assertThatThrownBy(() -> validate(records, config)).isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining(String.valueOf(records.sizeInBytes())).hasMessageContaining("100");
    }

    @Test
    void rejectsATruncatedBatchAndEmptyRequests() {
        MemoryRecords records = Batches.records(NOW, 2);
        MemoryRecords cut = MemoryRecords.readableRecords(records.buffer().limit(records.sizeInBytes() - 3).slice());

        assertThatThrownBy(() -> validate(cut, DEFAULTS)).isInstanceOf(CorruptRecordException.class);
        assertThatThrownBy(() -> validate(MemoryRecords.EMPTY, DEFAULTS)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void rejectsTransactionalAndControlBatches() {
        MemoryRecords transactional = MemoryRecords.withTransactionalRecords(Compression.NONE, 1L, (short) 0, 0,
                new SimpleRecord(NOW, "k".getBytes(), "v".getBytes()));
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(NOW, 1L, (short) 0,
                new EndTransactionMarker(ControlRecordType.COMMIT, 0));

        assertThatThrownBy(() -> validate(transactional, DEFAULTS)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("transactions are not supported");
        assertThatThrownBy(() -> validate(marker, DEFAULTS)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("transactions are not supported");
    }

    @Test
    void compactedLogsNeedAKeyOnEveryRecord() {
        MemoryRecords keyless = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(NOW, "k".getBytes(), "v".getBytes()), new SimpleRecord(NOW, null, "v".getBytes()));
        MemoryRecords keylessCompressed = MemoryRecords.withRecords(Compression.gzip().build(),
                new SimpleRecord(NOW, null, "v".getBytes()));
        LogConfig compacted = TestLogConfig.defaults().compact(true).build();

        assertThat(validate(keyless, DEFAULTS)).hasSize(1);
        assertThatThrownBy(() -> validate(keyless, compacted)).isInstanceOf(InvalidRecordException.class);
        assertThatThrownBy(() -> validate(keylessCompressed, compacted)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void rejectsCreateTimeTimestampsOutsideTheAllowedWindow() {
        LogConfig config = TestLogConfig.defaults().timestampBeforeMaxMs(1000).timestampAfterMaxMs(100).build();

        assertThat(validate(Batches.records(NOW - 1000, 1), config)).hasSize(1);
        assertThat(validate(Batches.records(NOW + 100, 1), config)).hasSize(1);
        assertThatThrownBy(() -> validate(Batches.records(NOW - 1001, 1), config))
                .isInstanceOf(InvalidTimestampException.class);
        assertThatThrownBy(() -> validate(Batches.records(NOW + 101, 1), config))
                .isInstanceOf(InvalidTimestampException.class);
        assertThatThrownBy(() -> validate(Batches.records(Compression.lz4().build(), NOW + 101, 1), config))
                .isInstanceOf(InvalidTimestampException.class);
    }

    @Test
    void rejectsARecordCountThatDisagreesWithTheLastOffsetDelta() {
        MemoryRecords records = Batches.records(NOW, 3);
        records.buffer().putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, 2);
        resealChecksum(records.buffer());

        assertThatThrownBy(() -> validate(records, DEFAULTS)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void rejectsACompressedBatchThatHoldsFewerRecordsThanItDeclares() {
        MemoryRecords records = Batches.records(Compression.gzip().build(), NOW, 3);
        records.buffer().putInt(DefaultRecordBatch.RECORDS_COUNT_OFFSET, 4);
        records.buffer().putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 3);
        resealChecksum(records.buffer());

        assertThatThrownBy(() -> validate(records, DEFAULTS)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void rejectsNonConsecutiveOffsetDeltas() {
        MemoryRecords records = Batches.records(NOW, 2);
        ByteBuffer buffer = records.buffer();
        int secondRecord = DefaultRecordBatch.RECORD_BATCH_OVERHEAD + 1 + buffer.get(DefaultRecordBatch.RECORD_BATCH_OVERHEAD) / 2;
        int offsetDeltaAt = secondRecord + 3;   // length, attributes and timestamp delta are one byte each here
        assertThat(buffer.get(offsetDeltaAt)).isEqualTo((byte) 2);   // zigzag(1)
        buffer.put(offsetDeltaAt, (byte) 4);                          // zigzag(2)
        resealChecksum(buffer);

        assertThatThrownBy(() -> validate(records, DEFAULTS)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("offset delta");
    }

    @Test
    void rejectsARecordWhoseLengthDoesNotMatchItsFields() {
        MemoryRecords records = Batches.records(NOW, 2);
        ByteBuffer buffer = records.buffer();
        int lengthAt = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        buffer.put(lengthAt, (byte) (buffer.get(lengthAt) + 2));   // claims one byte more (zigzag)
        resealChecksum(buffer);

        assertThatThrownBy(() -> validate(records, DEFAULTS)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void rejectsAKeyLongerThanItsRecord() {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(NOW, "key".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)));
        ByteBuffer buffer = records.buffer();
        int keyLengthAt = DefaultRecordBatch.RECORD_BATCH_OVERHEAD + 4;   // length, attributes, ts delta, offset delta
        assertThat(buffer.get(keyLengthAt)).isEqualTo((byte) 6);         // zigzag(3)
        buffer.put(keyLengthAt, (byte) 60);
        resealChecksum(buffer);

        assertThatThrownBy(() -> validate(records, DEFAULTS)).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void changesNothingInTheBatch() {
        MemoryRecords records = Batches.records(NOW, 3);
        MemoryRecords before = Batches.copy(records);

        validate(records, DEFAULTS);

        assertThat(records.buffer()).isEqualTo(before.buffer());
    }

    /** After tampering with checksummed bytes: recompute the CRC as a (buggy) producer would have. */
    static void resealChecksum(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        int from = DefaultRecordBatch.CRC_OFFSET + 4;
        crc.update(batch.duplicate().position(from).limit(batch.limit()));
        batch.putInt(DefaultRecordBatch.CRC_OFFSET, (int) crc.getValue());
    }
}
