package dev.katka.protocol;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * A blocking Kafka protocol client over one socket, for tests that must send exactly the bytes
 * a real client would not: a chosen version, a corrupt batch, a retried sequence number.
 * Requests are built and responses parsed with kafka-clients' classes.
 *
 * <p>Not thread-safe.
 */
public final class ProtocolClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String clientId;
    private int correlationId;

    public ProtocolClient(InetSocketAddress broker) throws IOException {
        this(broker, "protocol-test");
    }

    /** A client that names itself {@code clientId} in every request header. */
    public ProtocolClient(InetSocketAddress broker, String clientId) throws IOException {
        this.clientId = clientId;
        socket = new Socket(broker.getAddress(), broker.getPort());
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a request in its version and waits for the response. */
    @SuppressWarnings("unchecked")
    public <T extends AbstractResponse> T send(AbstractRequest request) throws IOException {
        int id = sendOnly(request);
        ByteBuffer response = readFrame();
        ResponseHeader header = ResponseHeader.parse(response, request.apiKey().responseHeaderVersion(request.version()));
        if (header.correlationId() != id) {
            throw new AssertionError("response to correlation id " + header.correlationId() + ", expected " + id);
        }
        return (T) AbstractResponse.parseResponse(request.apiKey(), new ByteBufferAccessor(response), request.version());
    }

    /** Sends a request without reading a response (acks=0); returns its correlation id. */
    public int sendOnly(AbstractRequest request) throws IOException {
        int id = ++correlationId;
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), clientId, id);
        ByteBuffer bytes = request.serializeWithHeader(header);
        out.writeInt(bytes.remaining());
        out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        out.flush();
        return id;
    }

    /** Whether the broker has closed the connection (waits for the next byte or the end). */
    public boolean isClosedByBroker() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private ByteBuffer readFrame() throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
