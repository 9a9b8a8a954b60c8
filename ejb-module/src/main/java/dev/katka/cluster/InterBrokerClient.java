package dev.katka.cluster;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.BootstrapConfiguration;
import org.apache.kafka.clients.ClientRequest;
import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.ManualMetadataUpdater;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.ChannelBuilder;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.network.PlaintextChannelBuilder;
import org.apache.kafka.common.network.Selectable;
import org.apache.kafka.common.network.Selector;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.LogContext;

/**
 * Sends Kafka requests from this broker to the others (followers' fetches, OffsetForLeaderEpoch,
 * ISR changes to the controller) over kafka-clients' own {@link NetworkClient}, so the bytes on
 * the wire are exactly what a Kafka broker would send.
 *
 * <p>One I/O thread owns the {@code NetworkClient} (which is not thread-safe): callers on any
 * thread hand it requests through a queue and get a future, completed on that thread. A request
 * that cannot be sent within {@code requestTimeoutMs} (the peer is down) or that loses its
 * connection fails with {@link TimeoutException} or {@link DisconnectException}; callers retry
 * as their state machine says.
 *
 * <p>Completion handlers run on the I/O thread: they may do local work (append to a log) but must
 * not wait for another request of this client.
 */
public final class InterBrokerClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InterBrokerClient.class.getName());
    private static final long POLL_TIMEOUT_MS = 500;

    private final NetworkClient client;
    private final Metrics metrics;
    private final Time time;
    private final int requestTimeoutMs;
    private final Queue<Outgoing> submitted = new ConcurrentLinkedQueue<>();
    /** Owned by the I/O thread (and by close() once it has ended). */
    private final Queue<Outgoing> waitingForConnection = new ArrayDeque<>();
    private final java.util.Set<Outgoing> inFlight = new java.util.HashSet<>();
    private final Thread ioThread;
    private volatile boolean running = true;

    /**
     * @param clientId the client id peers see in their request logs
     */
    public InterBrokerClient(String clientId, int requestTimeoutMs, ThreadFactory threadFactory, Time time) {
        this.time = time;
        this.requestTimeoutMs = requestTimeoutMs;
        this.metrics = new Metrics(time);
        LogContext logContext = new LogContext("[" + clientId + "] ");
        ChannelBuilder channels = new PlaintextChannelBuilder(ListenerName.forSecurityProtocol(SecurityProtocol.PLAINTEXT));
        channels.configure(Map.of());
        Selector selector = new Selector(60_000, metrics, time, clientId, channels, logContext);
        this.client = new NetworkClient(selector, new ManualMetadataUpdater(), clientId, 5, 100, 1_000,
                Selectable.USE_DEFAULT_BUFFER_SIZE, Selectable.USE_DEFAULT_BUFFER_SIZE, requestTimeoutMs, 10_000, 30_000, time,
                true, new ApiVersions(), logContext, MetadataRecoveryStrategy.NONE, BootstrapConfiguration.DISABLED,
                false);
        this.ioThread = threadFactory.newThread(this::run);
        ioThread.setName(clientId);
        ioThread.start();
    }

    /**
     * Sends a request to a broker. Thread-safe; returns at once.
     *
     * @return the response, or a failure when the broker could not be reached or did not answer in
     *         time, or this client closed
     */
    public <T extends AbstractResponse> CompletableFuture<T> send(Node broker, AbstractRequest.Builder<?> request) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        if (!running) {
            answer.completeExceptionally(new DisconnectException("The inter-broker client is closed."));
            return answer;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<AbstractResponse> untyped = (CompletableFuture<AbstractResponse>) answer;
        submitted.add(new Outgoing(broker, request, untyped, time.milliseconds()));
        client.wakeup();
        return answer;
    }

    private void run() {
        while (running) {
            try {
                long now = time.milliseconds();
                Outgoing next;
                while ((next = submitted.poll()) != null) {
                    waitingForConnection.add(next);
                }
                sendWhatIsReady(now);
                client.poll(waitingForConnection.isEmpty() ? POLL_TIMEOUT_MS : 50, now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Inter-broker I/O failed; carrying on", e);
            }
        }
    }

    /** Sends each waiting request whose broker is connected; connects to the others or gives up on them. */
    private void sendWhatIsReady(long now) {
        Iterator<Outgoing> it = waitingForConnection.iterator();
        while (it.hasNext()) {
            Outgoing outgoing = it.next();
            String node = outgoing.broker.idString();
            if (client.ready(outgoing.broker, now)) {
                it.remove();
                inFlight.add(outgoing);
                ClientRequest request = client.newClientRequest(node, outgoing.request, now, true, requestTimeoutMs,
                        response -> {
                            inFlight.remove(outgoing);
                            complete(outgoing, response);
                        });
                client.send(request, now);
            } else if (now - outgoing.submittedAt > requestTimeoutMs) {
                it.remove();
                outgoing.answer.completeExceptionally(new TimeoutException("Broker " + outgoing.broker
                        + " could not be reached within " + requestTimeoutMs + " ms."));
            } else if (client.connectionFailed(outgoing.broker)) {
                it.remove();
                outgoing.answer.completeExceptionally(new DisconnectException("Cannot connect to broker "
                        + outgoing.broker + "."));
            }
        }
    }

    private static void complete(Outgoing outgoing, ClientResponse response) {
        if (response.wasDisconnected()) {
            outgoing.answer.completeExceptionally(new DisconnectException("Broker " + outgoing.broker
                    + " disconnected" + (response.wasTimedOut() ? " (no answer in time)." : ".")));
        } else if (response.versionMismatch() != null) {
            outgoing.answer.completeExceptionally(response.versionMismatch());
        } else {
            outgoing.answer.complete(response.responseBody());
        }
    }

    /** Stops the I/O thread; requests not answered yet fail. */
    @Override
    public void close() {
        running = false;
        client.wakeup();
        try {
            ioThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DisconnectException closed = new DisconnectException("The inter-broker client closed.");
        submitted.forEach(o -> o.answer.completeExceptionally(closed));
        waitingForConnection.forEach(o -> o.answer.completeExceptionally(closed));
        inFlight.forEach(o -> o.answer.completeExceptionally(closed));
        client.close();
        metrics.close();
    }

    private record Outgoing(Node broker, AbstractRequest.Builder<?> request, CompletableFuture<AbstractResponse> answer,
                            long submittedAt) {
    }
}
