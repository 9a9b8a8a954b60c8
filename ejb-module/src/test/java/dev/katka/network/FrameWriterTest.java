package dev.katka.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.log.FileSlice;
import dev.katka.log.LogConfig;
import dev.katka.log.PartitionLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.FileRegion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameWriterTest {

    private static final short FETCH_VERSION = ApiKeys.FETCH.latestVersion();

    @TempDir
    Path dir;

    @Test
    void aResponseReadsBackAsKafkaClientsParseIt() throws IOException {
        MemoryRecords records = records(100);
        FetchResponseData sent = fetchResponse(records);

        ByteBuffer frame = concatenate(FrameWriter.frame(UnpooledByteBufAllocator.DEFAULT, ApiKeys.FETCH,
                FETCH_VERSION, 42, sent));

        assertThat(frame.getInt()).isEqualTo(frame.remaining());
        ResponseHeader header = ResponseHeader.parse(frame, ApiKeys.FETCH.responseHeaderVersion(FETCH_VERSION));
        assertThat(header.correlationId()).isEqualTo(42);
        FetchResponseData received = ((FetchResponse) AbstractResponse.parseResponse(ApiKeys.FETCH,
                new ByteBufferAccessor(frame), FETCH_VERSION)).data();
        assertThat(received).isEqualTo(sent);
    }

    @Test
    void recordsReadFromALogTravelAsAFileRegionWithTheSegmentsBytes() throws IOException {
        MemoryRecords records = records(3);
        try (PartitionLog log = PartitionLog.open(dir.resolve("t-0"), LogConfig.defaults(), Time.SYSTEM)) {
            log.appendAsLeader(records(2), 0);
            log.appendAsLeader(records, 0);
            FileSlice slice = log.read(2, Integer.MAX_VALUE, log.logEndOffset(), true).records();

            List<Object> parts = FrameWriter.frame(UnpooledByteBufAllocator.DEFAULT, ApiKeys.FETCH, FETCH_VERSION, 7,
                    fetchResponse(slice));

            assertThat(parts).hasAtLeastOneElementOfType(FileRegion.class);
            ByteBuffer frame = concatenate(parts);
            frame.getInt();
            ResponseHeader.parse(frame, ApiKeys.FETCH.responseHeaderVersion(FETCH_VERSION));
            FetchResponseData received = ((FetchResponse) AbstractResponse.parseResponse(ApiKeys.FETCH,
                    new ByteBufferAccessor(frame), FETCH_VERSION)).data();
            MemoryRecords sent = (MemoryRecords) received.responses().get(0).partitions().get(0).records();
            assertThat(sent.firstBatch().baseOffset()).isEqualTo(2);
            assertThat(sent.records()).extracting(r -> r.offset()).containsExactly(2L, 3L, 4L);
            assertThat(sent.records()).extracting(r -> org.apache.kafka.common.utils.Utils.utf8(r.value()))
                    .containsExactly("value0", "value1", "value2");
        }
    }

    private static FetchResponseData fetchResponse(BaseRecords records) {
        FetchResponseData data = new FetchResponseData();
        data.responses().add(new FetchableTopicResponse().setTopicId(Uuid.randomUuid())
                .setPartitions(List.of(new PartitionData().setPartitionIndex(0).setHighWatermark(100)
                        .setLastStableOffset(100).setLogStartOffset(0).setRecords(records))));
        return data;
    }

    private static MemoryRecords records(int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_700_000_000_000L + i, ("key" + i).getBytes(), ("value" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    /** Writes every part as Netty would, collecting the bytes. */
    private static ByteBuffer concatenate(List<Object> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel sink = Channels.newChannel(out);
        for (Object part : parts) {
            if (part instanceof ByteBuf buf) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.write(bytes);
                buf.release();
            } else {
                FileRegion region = (FileRegion) part;
                while (region.transferred() < region.count()) {
                    region.transferTo(sink, region.transferred());
                }
                region.release();
            }
        }
        return ByteBuffer.wrap(out.toByteArray());
    }


}
