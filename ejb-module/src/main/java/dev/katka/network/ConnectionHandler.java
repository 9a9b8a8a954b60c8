package dev.katka.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.utils.Time;

/**
 * Serves one client connection: turns frames into requests, hands them to the
 * {@link RequestHandler}, and writes the responses back in the order the requests came.
 *
 * <p>Kafka clients pipeline requests and match responses by order, but responses may complete
 * out of order here (a Produce with acks=all waits for replicas, a Fetch waits for data). Each
 * request therefore takes a slot in a queue; a completed slot is written only once every slot
 * before it has been. When too many requests wait, or the socket's send buffer is full, the
 * connection stops reading until the backlog drains: a slow or greedy client is throttled by
 * TCP, not by the broker's memory.
 *
 * <p>A frame that cannot be parsed closes this connection and nothing else; no data is touched.
 *
 * <p>One instance per connection; every method runs on the connection's event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(ConnectionHandler.class.getName());
    private static final int MAX_QUEUED_REQUESTS = 64;

    private final RequestHandler handler;
    private final Time time;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /** {@code slots.size()}, readable from the thread that shuts the listener down. */
    private final AtomicInteger unanswered = new AtomicInteger();
    private ChannelHandlerContext ctx;
    private String connectionId;
    private InetSocketAddress client;
    private boolean closing;

    ConnectionHandler(RequestHandler handler, Time time) {
        this.handler = handler;
        this.time = time;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        this.ctx = context;
        this.client = (InetSocketAddress) context.channel().remoteAddress();
        this.connectionId = context.channel().localAddress() + "-" + client + "-" + context.channel().id().asShortText();
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ByteBuf frame = (ByteBuf) message;
        if (closing) {
            frame.release();
            return;
        }
        ReceivedRequest<?> request;
        try {
            request = ReceivedRequest.parse(frame, connectionId, client, context.executor(), time.nanoseconds());
        } catch (RuntimeException e) {
            closeForBadInput("an unreadable request", e);
            return;
        }
        Slot slot = new Slot(request);
        slots.addLast(slot);
        unanswered.incrementAndGet();
        updateReading();
        try {
            handler.handle(request).whenComplete((response, failure) -> complete(slot, response, failure));
        } catch (RuntimeException e) {
            complete(slot, null, e);
        }
    }

    private void complete(Slot slot, AbstractResponse response, Throwable failure) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> complete(slot, response, failure));
            return;
        }
        slot.request.release();
        slot.done = true;
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof CloseConnectionException) {
                slot.closeAfter = true;
            } else {
                slot.response = errorResponse(slot.request, cause);
            }
        } else {
            slot.response = response;
        }
        writeCompletedInOrder();
    }

    private AbstractResponse errorResponse(ReceivedRequest<?> request, Throwable cause) {
        if (!(cause instanceof ApiException)) {
            LOG.log(Level.WARNING, "Failed to handle " + request, cause);
        }
        return request.body().getErrorResponse(0, cause);
    }

    private void writeCompletedInOrder() {
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peekFirst().done) {
            Slot slot = slots.pollFirst();
            unanswered.decrementAndGet();
            if (slot.closeAfter) {
                closing = true;
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                discardRemaining();
                return;
            }
            if (slot.response != null && !closing) {
                write(slot);
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        updateReading();
    }

    private void write(Slot slot) {
        ReceivedRequest<?> request = slot.request;
        List<Object> parts;
        try {
            parts = FrameWriter.frame(ctx.alloc(), request.api(), request.apiVersion(),
                    request.header().correlationId(), slot.response.data());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not serialize the response to " + request + "; closing the connection", e);
            closing = true;
            ctx.close();
            return;
        }
        for (Object part : parts) {
            ctx.write(part, ctx.voidPromise());
        }
    }

    private void discardRemaining() {
        slots.clear();
        unanswered.set(0);
    }

    /** Whether every request received on this connection has been answered (or will never be). */
    boolean isIdle() {
        return unanswered.get() == 0 || !ctx.channel().isActive();
    }

    /** Reads while the backlog is small and the socket can take more; see the class comment. */
    private void updateReading() {
        boolean read = !closing && slots.size() < MAX_QUEUED_REQUESTS && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        updateReading();
        super.channelWritabilityChanged(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof DecoderException) {
            closeForBadInput("a bad frame", cause);
        } else if (cause instanceof java.io.IOException) {
            LOG.fine(() -> "Connection " + connectionId + " failed: " + cause);
            context.close();
        } else {
            LOG.log(Level.WARNING, "Unexpected failure on connection " + connectionId + "; closing it", cause);
            context.close();
        }
    }

    private void closeForBadInput(String what, Throwable cause) {
        LOG.info(() -> "Closing connection from " + client + " after " + what + ": " + cause.getMessage());
        closing = true;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        closing = true;
        // Requests still under way release their frames when they complete; their responses are dropped.
        super.channelInactive(context);
    }

    /** A request's place in the response order. */
    private static final class Slot {
        final ReceivedRequest<?> request;
        boolean done;
        boolean closeAfter;
        AbstractResponse response;

        Slot(ReceivedRequest<?> request) {
            this.request = request;
        }
    }
}
