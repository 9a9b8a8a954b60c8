package dev.katka.network;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
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
            RequestContext context = context(header, connectionId, client);
            AbstractRequest body = context.parseRequest(buffer).request;
            return new ReceivedRequest<>(context, body, frame, executor, receivedNanos);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /**
     * A request that did not arrive in a frame of its own: one a broker forwarded in an Envelope,
     * or one a handler makes on a client's behalf (the CreateTopics behind a Metadata request's
     * topic auto-creation). Its body owns its bytes.
     *
     * @param executor the event loop of the connection it came on, where its answer is written
     */
    public static <R extends AbstractRequest> ReceivedRequest<R> unframed(RequestContext context, R body,
                                                                          EventExecutor executor, long receivedNanos) {
        return new ReceivedRequest<>(context, body, null, executor, receivedNanos);
    }

    /**
     * A request this broker makes for its own needs (creating {@code __consumer_offsets}), as a
     * client named {@code clientId} would. Nothing is written back for it: its answer goes to the
     * caller only.
     */
    public static <R extends AbstractRequest> ReceivedRequest<R> fromBroker(String clientId, R body, long receivedNanos) {
        RequestHeader header = new RequestHeader(body.apiKey(), body.version(), clientId, 0);
        RequestContext made = new RequestContext(header, "broker-internal", InetAddress.getLoopbackAddress(),
                Optional.empty(), KafkaPrincipal.ANONYMOUS, PLAINTEXT, SecurityProtocol.PLAINTEXT,
                ClientInformation.EMPTY, false);
        return unframed(made, body, ImmediateEventExecutor.INSTANCE, receivedNanos);
    }

    /**
     * A request made on behalf of this request's client, from the same connection (the CreateTopics
     * behind a Metadata request's topic auto-creation).
     */
    public <B extends AbstractRequest> ReceivedRequest<B> onBehalf(B request, int correlationId) {
        RequestHeader header = new RequestHeader(request.apiKey(), request.version(), header().clientId(), correlationId);
        RequestContext made = new RequestContext(header, context.connectionId, context.clientAddress, context.clientPort,
                context.principal, context.listenerName, context.securityProtocol, context.clientInformation,
                context.fromPrivilegedListener);
        return unframed(made, request, executor, receivedNanos);
    }

    /** The context of a request received on this listener (one listener: PLAINTEXT, anonymous). */
    private static RequestContext context(RequestHeader header, String connectionId, InetSocketAddress client) {
        return new RequestContext(header, connectionId, client.getAddress(), java.util.Optional.of(client.getPort()),
                KafkaPrincipal.ANONYMOUS, PLAINTEXT, SecurityProtocol.PLAINTEXT, ClientInformation.EMPTY, false);
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
        if (frame != null) {
            frame.release();
        }
    }

    @Override
    public String toString() {
        return api() + " v" + header().apiVersion() + " from " + context.clientAddress
                + " (client " + header().clientId() + ", correlation " + header().correlationId() + ")";
    }
}
