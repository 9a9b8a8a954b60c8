package dev.katka.network;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * One request as it arrived on a connection: its header, its parsed body, and what the
 * handlers need to know of the connection.
 *
 * <p>The body is parsed by kafka-clients ({@link RequestContext#parseRequest}); record data in it
 * (Produce) is not copied but points into the frame's buffer, which therefore stays alive until
 * the request is answered ({@link #release()}).
 *
 * @param <R> the request type, e.g. {@code ProduceRequest}
 */
public final class ReceivedRequest<R extends AbstractRequest> {

    private static final ListenerName PLAINTEXT = ListenerName.forSecurityProtocol(SecurityProtocol.PLAINTEXT);

    private final RequestContext context;
    private final R body;
    private final ByteBuf frame;
    private final EventExecutor executor;
    private final long receivedNanos;

    private ReceivedRequest(RequestContext context, R body, ByteBuf frame, EventExecutor executor,
                            long receivedNanos) {
        this.context = context;
        this.body = body;
        this.frame = frame;
        this.executor = executor;
        this.receivedNanos = receivedNanos;
    }

    /**
     * Parses a frame (without its size prefix). Takes ownership of the frame.
     *
     * @throws RuntimeException (from kafka-clients) when the header or body cannot be parsed;
     *                          the frame is released then
     */
    static ReceivedRequest<?> parse(ByteBuf frame, String connectionId, InetSocketAddress client,
                                    EventExecutor executor, long receivedNanos) {
        try {
            ByteBuffer buffer = frame.nioBuffer();
            RequestHeader header = RequestHeader.parse(buffer);
            RequestContext context = new RequestContext(header, connectionId, client.getAddress(),
                    java.util.Optional.of(client.getPort()), KafkaPrincipal.ANONYMOUS, PLAINTEXT,
                    SecurityProtocol.PLAINTEXT, ClientInformation.EMPTY, false);
            AbstractRequest body = context.parseRequest(buffer).request;
            return new ReceivedRequest<>(context, body, frame, executor, receivedNanos);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    public ApiKeys api() {
        return context.header.apiKey();
    }

    /**
     * The version to answer with. Equal to the request's version, except for an ApiVersions
     * request of a version this broker does not know: that one is answered in version 0, so the
     * client learns which versions exist.
     */
    public short apiVersion() {
        return context.apiVersion();
    }

    public RequestHeader header() {
        return context.header;
    }

    public RequestContext context() {
        return context;
    }

    public R body() {
        return body;
    }

    /** The connection's event loop: where work for this connection runs without locking. */
    public EventExecutor executor() {
        return executor;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    /** Frees the frame the body points into; called once the request has been handled. */
    void release() {
        frame.release();
    }

    @Override
    public String toString() {
        return api() + " v" + header().apiVersion() + " from " + context.clientAddress
                + " (client " + header().clientId() + ", correlation " + header().correlationId() + ")";
    }
}
