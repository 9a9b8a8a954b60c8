package dev.katka.network;

import dev.katka.config.Endpoint;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.kafka.common.utils.Time;

/**
 * The Kafka protocol listener: a Netty server socket whose connections are served by
 * {@link ConnectionHandler}.
 *
 * <p>It uses the native epoll transport where the platform has it (sendfile for fetches, fewer
 * copies) and NIO elsewhere. Event loop threads come from the thread factory handed in, which
 * in the container is the managed thread factory.
 *
 * <p>{@link #start()} and {@link #close()} are called by the broker's life-cycle thread.
 */
public final class KafkaListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaListener.class.getName());
    private static final int SEND_BUFFER_LOW_WATER = 1024 * 1024;
    private static final int SEND_BUFFER_HIGH_WATER = 4 * 1024 * 1024;

    private final Endpoint endpoint;
    private final int maxFrameBytes;
    private final Time time;
    private volatile RequestHandler handler;
    private final EventLoopGroup eventLoops;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final boolean epoll;
    private Channel serverChannel;

    public KafkaListener(Endpoint endpoint, int threads, int maxFrameBytes, ThreadFactory threadFactory, Time time) {
        this.endpoint = endpoint;
        this.maxFrameBytes = maxFrameBytes;
        this.time = time;
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.eventLoops = new MultiThreadIoEventLoopGroup(threads, threadFactory, io);
    }

    /**
     * Binds the listener. Connections accepted before {@link #serve} are closed at once: the
     * broker binds first so it can advertise the real port, and serves once everything that
     * answers requests exists.
     *
     * @throws java.io.UncheckedIOException when the address cannot be bound (in use, not local)
     */
    public InetSocketAddress bind() {
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(eventLoops)
                .channel(channelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(SEND_BUFFER_LOW_WATER, SEND_BUFFER_HIGH_WATER))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        RequestHandler serving = handler;
                        if (serving == null) {
                            channel.close();
                            return;
                        }
                        connections.add(channel);
                        channel.pipeline()
                                .addLast("frames", new FrameDecoder(maxFrameBytes))
                                .addLast("requests", new ConnectionHandler(serving, time));
                    }
                });
        try {
            serverChannel = bootstrap.bind(endpoint.host(), endpoint.port()).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind failure (a checked BindException) undeclared
            eventLoops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new java.io.UncheckedIOException("Cannot listen on " + endpoint + ": " + e.getMessage(),
                    e instanceof java.io.IOException io ? io : new java.io.IOException(e));
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info(() -> "Listening for Kafka clients on " + bound + (epoll ? " (epoll)" : " (nio)"));
        return bound;
    }

    /** Starts handing requests of new connections to the handler. */
    public void serve(RequestHandler requestHandler) {
        this.handler = requestHandler;
    }

    /**
     * Stops accepting connections, waits (up to {@code drainTimeout}) until every request
     * already received has been answered and written, then closes the connections and stops the
     * event loops. Requests still open after the timeout lose their connection, which clients
     * retry elsewhere.
     */
    public void close(Duration drainTimeout) {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (!allIdle() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        connections.close().awaitUninterruptibly(drainTimeout.toMillis());
        eventLoops.shutdownGracefully(0, 5_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /**
     * Whether the listener accepts connections and every event loop runs a task within
     * {@code timeout}: an event loop stuck in a handler (a deadlock, an endless loop) would leave
     * its connections unanswered while the socket still accepts. Blocks up to {@code timeout};
     * never call it on an event loop.
     */
    public boolean respondsWithin(Duration timeout) {
        Channel server = serverChannel;
        if (server == null || !server.isActive() || eventLoops.isShuttingDown()) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<io.netty.util.concurrent.Future<?>> pings = new ArrayList<>();
        for (io.netty.util.concurrent.EventExecutor loop : eventLoops) {
            pings.add(loop.submit(() -> { }));
        }
        for (io.netty.util.concurrent.Future<?> ping : pings) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ping.awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left) + 1) || !ping.isSuccess()) {
                return false;
            }
        }
        return true;
    }

    private boolean allIdle() {
        for (Channel channel : connections) {
            ConnectionHandler handler = channel.pipeline().get(ConnectionHandler.class);
            if (handler != null && !handler.isIdle()) {
                return false;
            }
        }
        return true;
    }
}
