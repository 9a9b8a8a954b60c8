package dev.katka.forwarding;

import dev.katka.cluster.InterBrokerClient;
import dev.katka.controller.ControllerChannel;
import dev.katka.network.ReceivedRequest;
import dev.katka.network.RequestHandler;
import dev.katka.protocol.EnvelopeHandler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfigCollection;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.EnvelopeRequest;
import org.apache.kafka.common.requests.EnvelopeResponse;
import org.apache.kafka.common.requests.ListPartitionReassignmentsRequest;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.utils.Time;

/**
 * Gets a controller-bound request (CreateTopics, DeleteTopics, config changes, reassignments,
 * leader elections) answered by the controller, whichever broker it is: by this broker's own
 * controller handlers while this broker is the controller, otherwise by forwarding the client's
 * request to the controller in an Envelope (Kafka's KIP-590) over the {@link InterBrokerClient}.
 * The controller runs it through the same handlers and sends back the serialized response, which
 * goes to the client as it is.
 *
 * <p>A forwarded answer is held back until this broker has applied the metadata the log held when
 * the answer came (the controller answers only once the change is committed), so a client that
 * created a topic here finds it in this broker's next Metadata response. If that takes longer than
 * the request's time allows, the answer goes out all the same: the change is made.
 *
 * <p>While there is no controller, or the controller moves or cannot be reached, the request is
 * tried again (every {@value #RETRY_BACKOFF_MS} ms) until the request's timeout
 * ({@code timeoutMs} where the request has one, else the broker's controller timeout); then the
 * client gets NOT_CONTROLLER or REQUEST_TIMED_OUT with a message saying what happened. An
 * answer from the controller whose errors include NOT_CONTROLLER (it lost the role while
 * answering) is tried again the same way, as Kafka's brokers do. A request that reached a
 * controller which lost its role half-way may have changed part of what it asked for; trying again
 * then reports those parts as already done (TOPIC_ALREADY_EXISTS), as Kafka does.
 *
 * <p>Thread-safe. Never blocks the caller: waiting happens in completion stages, the one blocking
 * call (reading the committed version from the data grid) on the admin executor.
 */
public final class ControllerRouter implements RequestHandler {

    private static final Logger LOG = Logger.getLogger(ControllerRouter.class.getName());
    static final long RETRY_BACKOFF_MS = 200;
    /** Katka brokers authenticate nobody: the envelope names the listener's only principal. */
    private static final DefaultKafkaPrincipalBuilder PRINCIPALS = new DefaultKafkaPrincipalBuilder(null, null);

    /** Where the controller is and how far this broker's metadata is; supplied by the broker. */
    public interface Cluster {

        /** Whether this broker holds the controller role now (its controller handlers can answer). */
        boolean isLocalController();

        /** The current controller's id, or -1. */
        int controllerId();

        /** Where a live broker listens. */
        Optional<Node> broker(int id);

        /** The last version committed to the metadata log; blocks for the data grid. */
        long committedVersion();

        /** Completes once this broker has applied the metadata up to {@code version}. */
        CompletionStage<Void> appliedLocally(long version);
    }

    private final int localBrokerId;
    private final RequestHandler controllerApis;
    private final Cluster cluster;
    private final InterBrokerClient peers;
    private final Executor admin;
    private final ScheduledExecutorService scheduler;
    private final Duration defaultTimeout;
    private final Time time;

    /**
     * @param controllerApis the controller-bound APIs' handlers, which answer while this broker is
     *                       the controller (and NOT_CONTROLLER otherwise)
     * @param peers          how to reach the controller; null for a broker that runs alone (always
     *                       its own controller)
     * @param admin          where the committed version is read (a blocking grid call)
     * @param scheduler      for the pause before trying again and the request's deadline
     * @param defaultTimeout how long a request without a timeout of its own may take
     */
    public ControllerRouter(int localBrokerId, RequestHandler controllerApis, Cluster cluster, InterBrokerClient peers,
                            Executor admin, ScheduledExecutorService scheduler, Duration defaultTimeout, Time time) {
        this.localBrokerId = localBrokerId;
        this.controllerApis = controllerApis;
        this.cluster = cluster;
        this.peers = peers;
        this.admin = admin;
        this.scheduler = scheduler;
        this.defaultTimeout = defaultTimeout;
        this.time = time;
    }

    /**
     * Creates a topic this broker needs for itself ({@code __consumer_offsets}) the way a client's
     * CreateTopics goes: to the controller, wherever it is. Blocks until answered, so not for a
     * network thread.
     *
     * @throws org.apache.kafka.common.errors.ApiException the controller's refusal as its Kafka
     *         error (TOPIC_ALREADY_EXISTS when another broker's request created it first), or no
     *         controller within the default timeout
     */
    public void createTopic(String name, int partitions, short replicationFactor, Map<String, String> configs) {
        CreatableTopicConfigCollection topicConfigs = new CreatableTopicConfigCollection();
        configs.forEach((key, value) -> topicConfigs.add(new CreatableTopicConfig().setName(key).setValue(value)));
        CreatableTopicCollection creatable = new CreatableTopicCollection();
        creatable.add(new CreatableTopic().setName(name).setNumPartitions(partitions)
                .setReplicationFactor(replicationFactor).setConfigs(topicConfigs));
        CreateTopicsRequest request = new CreateTopicsRequest.Builder(new CreateTopicsRequestData()
                .setTopics(creatable).setTimeoutMs((int) defaultTimeout.toMillis())).build();
        // The router answers within the request's timeout; the margin is for its last attempt.
        AbstractResponse response = ControllerChannel.await(handle(ReceivedRequest.fromBroker(
                EnvelopeHandler.BROKER_CLIENT_ID_PREFIX + localBrokerId, request, time.nanoseconds())),
                defaultTimeout.plusSeconds(5));
        CreatableTopicResult result = ((CreateTopicsResponse) response).data().topics().find(name);
        if (result == null) {
            throw new KafkaException("The controller's answer to creating topic '" + name + "' did not name it");
        }
        if (result.errorCode() != Errors.NONE.code()) {
            throw Errors.forCode(result.errorCode()).exception(result.errorMessage());
        }
    }

    /** A cluster of this broker alone: it is always the controller, nothing to forward to. */
    public static Cluster alone(BooleanSupplier isController, LongSupplier appliedVersion,
                                LongFunction<CompletionStage<Void>> appliedLocally) {
        return of(isController, () -> -1, id -> Optional.empty(), appliedVersion, appliedLocally);
    }

    /** A cluster as the coordination and this broker's metadata see it. */
    public static Cluster of(BooleanSupplier isController, IntSupplier controllerId, IntFunction<Optional<Node>> brokers,
                             LongSupplier committedVersion, LongFunction<CompletionStage<Void>> appliedLocally) {
        return new Cluster() {
            @Override
            public boolean isLocalController() {
                return isController.getAsBoolean();
            }

            @Override
            public int controllerId() {
                return controllerId.getAsInt();
            }

            @Override
            public Optional<Node> broker(int id) {
                return brokers.apply(id);
            }

            @Override
            public long committedVersion() {
                return committedVersion.getAsLong();
            }

            @Override
            public CompletionStage<Void> appliedLocally(long version) {
                return appliedLocally.apply(version);
            }
        };
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<?> request) {
        CompletableFuture<AbstractResponse> answer = new CompletableFuture<>();
        long deadline = time.milliseconds() + timeoutMs(request.body());
        attempt(request, deadline, answer);
        return answer;
    }

    private void attempt(ReceivedRequest<?> request, long deadline, CompletableFuture<AbstractResponse> answer) {
        if (cluster.isLocalController()) {
            controllerApis.handle(request).whenComplete((response, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else if (response != null && hasNotController(response)) {
                    retry(request, deadline, answer, response, null);
                } else {
                    answer.complete(response);
                }
            });
            return;
        }
        int controllerId = cluster.controllerId();
        Optional<Node> controller = controllerId < 0 || controllerId == localBrokerId || peers == null
                ? Optional.empty() : cluster.broker(controllerId);
        if (controller.isEmpty()) {
            retry(request, deadline, answer, null, new NotControllerException(controllerId < 0
                    ? "No controller is elected at the moment."
                    : "Broker " + controllerId + " is named controller but " + (controllerId == localBrokerId
                    ? "has not taken office yet." : "is not a live broker known here.")));
            return;
        }
        Node target = controller.get();
        EnvelopeRequest.Builder envelope = new EnvelopeRequest.Builder(
                request.body().serializeWithHeader(request.header()),
                PRINCIPALS.serialize(request.context().principal),
                request.context().clientAddress.getAddress());
        peers.<EnvelopeResponse>send(target, envelope).whenComplete((response, failure) -> {
            if (failure != null) {
                retry(request, deadline, answer, null, new TimeoutException("The controller, broker " + target.id()
                        + ", did not answer: " + failure.getMessage()));
            } else if (response.error() == Errors.NOT_CONTROLLER) {
                retry(request, deadline, answer, null, new NotControllerException("Broker " + target.id()
                        + " is no longer the controller."));
            } else if (response.error() != Errors.NONE) {
                answer.completeExceptionally(response.error().exception("The controller, broker " + target.id()
                        + ", refused the request forwarded by broker " + localBrokerId + ": "
                        + response.error().message()));
            } else {
                unwrapped(request, target, response.responseData(), deadline, answer);
            }
        });
    }

    private void unwrapped(ReceivedRequest<?> request, Node controller, ByteBuffer payload, long deadline,
                           CompletableFuture<AbstractResponse> answer) {
        AbstractResponse response;
        try {
            response = AbstractResponse.parseResponse(payload, request.header());
        } catch (RuntimeException e) {
            answer.completeExceptionally(new KafkaException("The controller, broker " + controller.id()
                    + ", answered the forwarded " + request.api() + " with bytes that do not parse", e));
            return;
        }
        if (hasNotController(response)) {
            retry(request, deadline, answer, response, null);
            return;
        }
        try {
            // The scheduler, not orTimeout: every thread comes from the broker's thread factory.
            ScheduledFuture<?> deadlineReached = scheduler.schedule(() -> {
                if (answer.complete(response)) {
                    LOG.info(() -> "Answered " + request + " before broker " + localBrokerId
                            + " applied the change: its time was up");
                }
            }, Math.max(1, deadline - time.milliseconds()), TimeUnit.MILLISECONDS);
            CompletableFuture.supplyAsync(cluster::committedVersion, admin)
                    .thenCompose(version -> cluster.appliedLocally(version).toCompletableFuture())
                    .whenComplete((applied, failure) -> {
                        if (failure != null) {
                            LOG.log(Level.INFO, "Answering " + request + " without knowing whether broker "
                                    + localBrokerId + " applied the change", failure);
                        }
                        deadlineReached.cancel(false);
                        answer.complete(response);
                    });
        } catch (RejectedExecutionException stopping) {
            answer.complete(response);
        }
    }

    /**
     * Tries again after a pause if the deadline allows; otherwise answers with the last response
     * (when the controller's answer itself said NOT_CONTROLLER) or the last failure.
     */
    private void retry(ReceivedRequest<?> request, long deadline, CompletableFuture<AbstractResponse> answer,
                       AbstractResponse lastResponse, RuntimeException lastFailure) {
        long now = time.milliseconds();
        if (now + RETRY_BACKOFF_MS >= deadline) {
            if (lastResponse != null) {
                answer.complete(lastResponse);
            } else {
                long waited = timeoutMs(request.body());
                answer.completeExceptionally(lastFailure instanceof NotControllerException
                        ? new NotControllerException("No controller answered within " + waited + " ms: "
                        + lastFailure.getMessage())
                        : new TimeoutException("No controller answered within " + waited + " ms: "
                        + lastFailure.getMessage()));
            }
            return;
        }
        try {
            scheduler.schedule(() -> attempt(request, deadline, answer), RETRY_BACKOFF_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            answer.completeExceptionally(new NotControllerException("Broker " + localBrokerId + " is stopping."));
        }
    }

    private static boolean hasNotController(AbstractResponse response) {
        return response.errorCounts().containsKey(Errors.NOT_CONTROLLER);
    }

    /** The request's own timeout where it has one (Kafka's {@code timeoutMs}), else the default. */
    private long timeoutMs(AbstractRequest body) {
        int own = -1;
        if (body instanceof CreateTopicsRequest r) {
            own = r.data().timeoutMs();
        } else if (body instanceof DeleteTopicsRequest r) {
            own = r.data().timeoutMs();
        } else if (body instanceof CreatePartitionsRequest r) {
            own = r.data().timeoutMs();
        } else if (body instanceof AlterPartitionReassignmentsRequest r) {
            own = r.data().timeoutMs();
        } else if (body instanceof ListPartitionReassignmentsRequest r) {
            own = r.data().timeoutMs();
        } else if (body instanceof ElectLeadersRequest r) {
            own = r.data().timeoutMs();
        }
        return own > 0 ? own : defaultTimeout.toMillis();
    }
}
