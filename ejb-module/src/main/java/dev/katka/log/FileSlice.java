package dev.katka.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.internal.DefaultRecordsSend;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.record.internal.RecordsSend;
import org.apache.kafka.common.record.internal.TransferableRecords;
import org.apache.kafka.common.utils.Utils;

/**
 * Whole record batches as they lie in a segment file: a byte range of an open channel, never
 * copied into the heap. The network layer sends it with {@code sendfile} (a Netty
 * {@code DefaultFileRegion} over {@link #channel()}, {@link #position()}, {@link #sizeInBytes()}),
 * or through {@link #toSend()} like any kafka-clients {@link TransferableRecords}.
 *
 * <p>The channel stays open while the segment is deleted or rolled: deleted segments are closed
 * only after {@code file.delete.delay.ms}, so a send already under way completes. A slice whose
 * segment is truncated under it (replication truncating the log) fails its send with an
 * exception instead of sending other bytes.
 *
 * <p>Immutable and safe to share between threads; sending it is the sender's business.
 */
public final class FileSlice implements TransferableRecords {

    private static final FileSlice EMPTY = new FileSlice(null, 0, -1);

    private final FileRecords records;
    private final int position;
    private final long nextOffset;

    private FileSlice(FileRecords records, int position, long nextOffset) {
        this.records = records;
        this.position = position;
        this.nextOffset = nextOffset;
    }

    /**
     * {@code size} bytes of {@code segmentFile} from {@code position}; they must be whole batches.
     *
     * @param nextOffset the offset after the slice's last batch, -1 when unknown
     */
    static FileSlice of(FileRecords segmentFile, int position, int size, long nextOffset) {
        return size == 0 ? EMPTY : new FileSlice(segmentFile.slice(position, size), position, nextOffset);
    }

    static FileSlice empty() {
        return EMPTY;
    }

    /** The segment file's channel; {@code null} when {@link #isEmpty()}. */
    public FileChannel channel() {
        return records == null ? null : records.channel();
    }

    /** Where the batches start in {@link #channel()}. */
    public long position() {
        return position;
    }

    @Override
    public int sizeInBytes() {
        return records == null ? 0 : records.sizeInBytes();
    }

    /**
     * The offset after the last batch of this slice, where the reader continues; -1 when the
     * slice is empty or the reader did not know it. Known without reading the batches again, so
     * counting what a fetch delivered costs nothing.
     */
    public long nextOffset() {
        return nextOffset;
    }

    public boolean isEmpty() {
        return sizeInBytes() == 0;
    }

    /** The batches, readable in place (each access reads the file). */
    public Records records() {
        return records == null ? MemoryRecords.EMPTY : records;
    }

    @Override
    public int writeTo(TransferableChannel channel, int offset, int length) throws IOException {
        return records == null ? 0 : records.writeTo(channel, offset, length);
    }

    @Override
    public RecordsSend<? extends TransferableRecords> toSend() {
        return new DefaultRecordsSend<>(this);
    }

    /** Copies the batches into the heap: for tests and tools, not for serving fetches. */
    public MemoryRecords toMemoryRecords() {
        if (records == null) {
            return MemoryRecords.EMPTY;
        }
        ByteBuffer copy = ByteBuffer.allocate(sizeInBytes());
        try {
            Utils.readFully(records.channel(), copy, position);
        } catch (IOException e) {
            throw new KafkaStorageException("Cannot read " + sizeInBytes() + " bytes of " + records.file(), e);
        }
        copy.flip();
        return MemoryRecords.readableRecords(copy);
    }

    @Override
    public String toString() {
        return records == null ? "FileSlice(empty)"
                : "FileSlice(" + records.file().getName() + ", position=" + position + ", size=" + sizeInBytes() + ")";
    }
}
