package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.internals.Crc32C;

/**
 * The file {@code <offset, 20 digits>.snapshot}: the idempotent-producer state after every batch
 * below that offset, so that opening a log replays only the batch headers after it (Kafka's
 * producer snapshots). Written when a segment rolls and when the log closes. Big-endian:
 * <pre>
 *   version          int16   1
 *   crc              uint32  CRC32C of everything after this field
 *   producer count   int32
 *   per producer:
 *     producer id      int64
 *     epoch            int16
 *     last timestamp   int64
 *     batch count      int8    at most 5, oldest first
 *     per batch:       first sequence int32, last sequence int32, first offset int64,
 *                      last offset int64, timestamp int64
 * </pre>
 *
 * <p>Stateless; callers serialize writes of a file (the log's lock).
 */
final class ProducerSnapshot {

    private static final short VERSION = 1;
    private static final int HEADER_BYTES = 2 + 4 + 4;
    private static final int PRODUCER_BYTES = 8 + 2 + 8 + 1;
    private static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;
    private static final int CRC_OFFSET = 2;
    private static final int CHECKSUMMED_FROM = CRC_OFFSET + 4;

    private ProducerSnapshot() {
    }

    static ByteBuffer serialize(Collection<ProducerEntry> producers) {
        int size = HEADER_BYTES;
        for (ProducerEntry producer : producers) {
            size += PRODUCER_BYTES + producer.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putShort(VERSION).putInt(0).putInt(producers.size());
        for (ProducerEntry producer : producers) {
            List<SequencedBatch> batches = producer.batches();
            buffer.putLong(producer.producerId()).putShort(producer.epoch()).putLong(producer.lastTimestamp())
                    .put((byte) batches.size());
            for (SequencedBatch batch : batches) {
                buffer.putInt(batch.firstSequence()).putInt(batch.lastSequence()).putLong(batch.firstOffset())
                        .putLong(batch.lastOffset()).putLong(batch.timestamp());
            }
        }
        buffer.flip();
        buffer.putInt(CRC_OFFSET, (int) Crc32C.compute(buffer, CHECKSUMMED_FROM, size - CHECKSUMMED_FROM));
        return buffer;
    }

    /** The producers in {@code file}, or empty when it is unreadable, torn or corrupt. */
    static Optional<List<ProducerEntry>> read(Path file) {
        try {
            return deserialize(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<List<ProducerEntry>> deserialize(ByteBuffer buffer) {
        try {
            if (buffer.remaining() < HEADER_BYTES || buffer.getShort(0) != VERSION) {
                return Optional.empty();
            }
            long stored = Integer.toUnsignedLong(buffer.getInt(CRC_OFFSET));
            if (stored != Crc32C.compute(buffer, CHECKSUMMED_FROM, buffer.remaining() - CHECKSUMMED_FROM)) {
                return Optional.empty();
            }
            buffer.position(CHECKSUMMED_FROM);
            int count = buffer.getInt();
            List<ProducerEntry> producers = new ArrayList<>(Math.min(count, buffer.remaining() / PRODUCER_BYTES));
            for (int i = 0; i < count; i++) {
                long producerId = buffer.getLong();
                short epoch = buffer.getShort();
                long lastTimestamp = buffer.getLong();
                int batchCount = buffer.get();
                List<SequencedBatch> batches = new ArrayList<>(batchCount);
                for (int b = 0; b < batchCount; b++) {
                    batches.add(new SequencedBatch(buffer.getInt(), buffer.getInt(), buffer.getLong(),
                            buffer.getLong(), buffer.getLong()));
                }
                producers.add(new ProducerEntry(producerId, epoch, lastTimestamp, batches));
            }
            return buffer.hasRemaining() ? Optional.empty() : Optional.of(producers);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
