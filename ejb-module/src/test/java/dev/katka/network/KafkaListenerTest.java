package dev.katka.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.config.Endpoint;
import dev.katka.protocol.ApiDispatcher;
import dev.katka.protocol.ApiVersionsHandler;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listener over real loopback sockets: bad input closes only the connection it came on.
 */
class KafkaListenerTest {

    private static final int MAX_FRAME = 1024 * 1024;

    private KafkaListener listener;
    private InetSocketAddress address;

    @BeforeEach
    void start() {
        listener = new KafkaListener(new Endpoint("127.0.0.1", 0), 1, MAX_FRAME, Executors.defaultThreadFactory(),
                Time.SYSTEM);
        address = listener.bind();
        ApiDispatcher dispatcher = new ApiDispatcher();
        dispatcher.register(ApiKeys.API_VERSIONS, new ApiVersionsHandler(dispatcher::apiVersions));
        listener.serve(dispatcher);
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    @Test
    void answersApiVersionsWithTheServedApis() throws IOException {
        try (Socket client = connect()) {
            ApiVersionsResponseData response = apiVersions(client, 1);

            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
        }
    }

    @Test
    void anOversizedFrameClosesThatConnectionBeforeAnythingIsRead() throws IOException {
        assertClosedAfter(sizePrefix(MAX_FRAME + 1));
    }

    @Test
    void aNegativeSizeClosesThatConnection() throws IOException {
        assertClosedAfter(sizePrefix(-5));
    }

    @Test
    void garbageInAFrameClosesThatConnection() throws IOException {
        byte[] garbage = {0, 0, 0, 6, 0x7f, 0x7f, 1, 2, 3, 4};
        assertClosedAfter(garbage);
    }

    @Test
    void aTruncatedRequestClosesThatConnection() throws IOException {
        ByteBuffer request = apiVersionsFrame(9);
        byte[] truncated = new byte[request.remaining() - 3];
        request.get(truncated);
        truncated[3] -= 3; // a consistent size prefix over a body that ends early
        assertClosedAfter(truncated);
    }

    @Test
    void anUnservedApiClosesThatConnection() throws IOException {
        RequestHeader header = new RequestHeader(ApiKeys.DELETE_RECORDS, ApiKeys.DELETE_RECORDS.latestVersion(), "test", 3);
        ByteBuffer body = new org.apache.kafka.common.requests.DeleteRecordsRequest.Builder(
                new org.apache.kafka.common.message.DeleteRecordsRequestData()).build().serializeWithHeader(header);
        byte[] frame = new byte[4 + body.remaining()];
        ByteBuffer.wrap(frame).putInt(body.remaining()).put(body);
        assertClosedAfter(frame);
    }

    @Test
    void aClientFromTheFutureLearnsTheVersionsInVersionZero() throws IOException {
        try (Socket client = connect()) {
            short future = (short) (ApiKeys.API_VERSIONS.latestVersion() + 1);
            RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, future, "future-client", 5);
            // A future version's body cannot be encoded by this kafka-clients; an empty body is what the broker may not parse.
            var cache = new org.apache.kafka.common.protocol.ObjectSerializationCache();
            ByteBuffer headerBytes = ByteBuffer.allocate(header.data().size(cache, header.headerVersion()));
            header.data().write(new ByteBufferAccessor(headerBytes), cache, header.headerVersion());
            headerBytes.flip();
            write(client, headerBytes);

            ByteBuffer response = read(client);
            ResponseHeader.parse(response, (short) 0);
            ApiVersionsResponse parsed = (ApiVersionsResponse) AbstractResponse.parseResponse(ApiKeys.API_VERSIONS,
                    new ByteBufferAccessor(response), (short) 0);
            assertThat(parsed.data().errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(parsed.data().apiKeys()).isNotEmpty();
        }
    }

    private void assertClosedAfter(byte[] bytes) throws IOException {
        try (Socket bad = connect(); Socket good = connect()) {
            bad.getOutputStream().write(bytes);
            bad.getOutputStream().flush();

            assertThat(bad.getInputStream().read()).as("the bad connection is closed").isEqualTo(-1);
            assertThat(apiVersions(good, 2).errorCode()).as("other clients are still served")
                    .isEqualTo(Errors.NONE.code());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static ApiVersionsResponseData apiVersions(Socket client, int correlationId) throws IOException {
        ByteBuffer frame = apiVersionsFrame(correlationId);
        client.getOutputStream().write(frame.array(), 0, frame.limit());
        ByteBuffer response = read(client);
        assertThat(ResponseHeader.parse(response, (short) 0).correlationId()).isEqualTo(correlationId);
        return ((ApiVersionsResponse) AbstractResponse.parseResponse(ApiKeys.API_VERSIONS,
                new ByteBufferAccessor(response), ApiKeys.API_VERSIONS.latestVersion())).data();
    }

    private static ByteBuffer apiVersionsFrame(int correlationId) {
        short version = ApiKeys.API_VERSIONS.latestVersion();
        RequestHeader header = new RequestHeader(ApiKeys.API_VERSIONS, version, "test", correlationId);
        ByteBuffer body = new ApiVersionsRequest(new ApiVersionsRequestData()
                .setClientSoftwareName("katka-test").setClientSoftwareVersion("1.0"), version)
                .serializeWithHeader(header);
        ByteBuffer frame = ByteBuffer.allocate(4 + body.remaining());
        frame.putInt(body.remaining()).put(body).flip();
        return frame;
    }

    private static void write(Socket client, ByteBuffer payload) throws IOException {
        DataOutputStream out = new DataOutputStream(client.getOutputStream());
        out.writeInt(payload.remaining());
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        out.write(bytes);
        out.flush();
    }

    private static ByteBuffer read(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        try {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return ByteBuffer.wrap(bytes);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response within the socket timeout", e);
        }
    }

    private static byte[] sizePrefix(int size) {
        return ByteBuffer.allocate(4).putInt(size).array();
    }
}
