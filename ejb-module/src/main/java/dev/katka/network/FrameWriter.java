package dev.katka.network;

import dev.katka.log.FileSlice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Serializes one response frame into the messages Netty writes: buffers for the message itself
 * and, for record data that lives in a log segment, a {@link SegmentFileRegion} so the records go
 * from the page cache to the socket without being copied through the heap.
 *
 * <p>The generated message classes of kafka-clients write themselves to a {@link Writable}; this
 * is the {@code Writable}, and {@link #writeRecords} is the seam where records leave the byte
 * stream and become a region. Record sets in memory larger than {@value #COPY_THRESHOLD} bytes are
 * wrapped rather than copied.
 *
 * <p>Not thread-safe: one instance serializes one frame on one event loop.
 */
final class FrameWriter implements Writable {

    private static final int COPY_THRESHOLD = 4096;
    private static final int FIRST_BUFFER_MAX = 16 * 1024;

    private final ByteBufAllocator allocator;
    private final List<Object> parts = new ArrayList<>(2);
    private ByteBuf current;

    private FrameWriter(ByteBufAllocator allocator, int expectedBytes) {
        this.allocator = allocator;
        this.current = allocator.directBuffer(Math.min(expectedBytes, FIRST_BUFFER_MAX));
    }

    /**
     * The messages that make up one response frame: size prefix, header and body.
     *
     * @return the parts to write in order; the caller owns them (Netty releases them once written)
     */
    static List<Object> frame(ByteBufAllocator allocator, ApiKeys api, short apiVersion, int correlationId,
                              ApiMessage body) {
        ResponseHeader header = new ResponseHeader(correlationId, api.responseHeaderVersion(apiVersion));
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int headerSize = header.data().size(cache, header.headerVersion());
        int bodySize = body.size(cache, apiVersion);
        int frameSize = headerSize + bodySize;

        FrameWriter writer = new FrameWriter(allocator, Integer.BYTES + frameSize);
        try {
            writer.writeInt(frameSize);
            header.data().write(writer, cache, header.headerVersion());
            body.write(writer, cache, apiVersion);
            return writer.finish();
        } catch (RuntimeException e) {
            writer.discard();
            throw e;
        }
    }

    private List<Object> finish() {
        endCurrent();
        return parts;
    }

    private void discard() {
        for (Object part : parts) {
            io.netty.util.ReferenceCountUtil.release(part);
        }
        if (current != null) {
            current.release();
        }
    }

    private void endCurrent() {
        if (current.isReadable()) {
            parts.add(current);
        } else {
            current.release();
        }
        current = null;
    }

    private void startNext() {
        current = allocator.directBuffer(FIRST_BUFFER_MAX);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof FileSlice slice) {
            if (slice.sizeInBytes() > 0) {
                endCurrent();
                parts.add(new SegmentFileRegion(slice.channel(), slice.position(), slice.sizeInBytes()));
                startNext();
            }
        } else if (records instanceof MemoryRecords memory) {
            ByteBuffer buffer = memory.buffer().duplicate();
            if (buffer.remaining() <= COPY_THRESHOLD) {
                current.writeBytes(buffer);
            } else {
                endCurrent();
                parts.add(Unpooled.wrappedBuffer(buffer));
                startNext();
            }
        } else {
            throw new IllegalArgumentException("cannot send records of type " + records.getClass().getName());
        }
    }

    @Override
    public void writeByte(byte value) {
        current.writeByte(value);
    }

    @Override
    public void writeShort(short value) {
        current.writeShort(value);
    }

    @Override
    public void writeInt(int value) {
        current.writeInt(value);
    }

    @Override
    public void writeLong(long value) {
        current.writeLong(value);
    }

    @Override
    public void writeDouble(double value) {
        current.writeDouble(value);
    }

    @Override
    public void writeByteArray(byte[] bytes) {
        current.writeBytes(bytes);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buffer) {
        current.writeBytes(buffer.duplicate());
    }

    @Override
    public void writeUnsignedVarint(int value) {
        int remaining = value;
        while ((remaining & 0xFFFFFF80) != 0) {
            current.writeByte((remaining & 0x7F) | 0x80);
            remaining >>>= 7;
        }
        current.writeByte(remaining);
    }

    @Override
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeVarlong(long value) {
        long remaining = (value << 1) ^ (value >> 63);
        while ((remaining & 0xFFFFFFFFFFFFFF80L) != 0L) {
            current.writeByte(((int) remaining & 0x7F) | 0x80);
            remaining >>>= 7;
        }
        current.writeByte((int) remaining);
    }
}
