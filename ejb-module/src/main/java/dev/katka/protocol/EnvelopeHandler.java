package dev.katka.protocol;

import dev.katka.metadata.MetadataImage;
import dev.katka.network.ReceivedRequest;
import dev.katka.network.RequestHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.EnvelopeRequest;
import org.apache.kafka.common.requests.EnvelopeResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;

/**
 * Envelope (KIP-590), on the controller: a broker forwards a client's controller-bound request
 * (see {@link dev.katka.forwarding.ControllerRouter}); this unwraps it, has the controller's
 * handler of that API answer it as if the client had asked here, and sends the serialized
 * response back in the envelope.
 *
 * <p>Only brokers forward. Katka's listener authenticates nobody (one PLAINTEXT listener, every
 * connection anonymous), so a broker is recognized as Kafka's inter-broker clients are named:
 * the client id {@code katka-broker-<id>} of a broker that is alive in this broker's metadata.
 * Anything else gets CLUSTER_AUTHORIZATION_FAILED. This keeps ordinary clients out; it is no
 * protection against a peer that pretends (nor is the {@code replicaId} of a follower's Fetch),
 * and an envelope grants nothing the inner request would not get sent directly.
 *
 * <p>The envelope's own errors: NOT_CONTROLLER when this broker is not the controller (the
 * forwarding broker tries the new one), INVALID_REQUEST for an inner request that does not parse
 * or is not a controller-bound API served here, PRINCIPAL_DESERIALIZATION_FAILURE for a
 * principal that does not. The envelope response has no message field, so each refusal is logged.
 *
 * <p>Thread-safe; does not block.
 */
public final class EnvelopeHandler implements ApiHandler<EnvelopeRequest> {

    private static final Logger LOG = Logger.getLogger(EnvelopeHandler.class.getName());
    /** The client id prefix of {@link dev.katka.cluster.InterBrokerClient}s, followed by the broker id. */
    public static final String BROKER_CLIENT_ID_PREFIX = "katka-broker-";
    private static final DefaultKafkaPrincipalBuilder PRINCIPALS = new DefaultKafkaPrincipalBuilder(null, null);

    private final RequestHandler controllerApis;
    private final Set<ApiKeys> served;
    private final BooleanSupplier isController;
    private final Supplier<MetadataImage> image;

    /**
     * @param controllerApis the controller-bound APIs' handlers of this broker
     * @param served         the APIs {@code controllerApis} answers
     * @param isController   whether this broker holds the controller role now
     * @param image          this broker's metadata, which says which brokers are alive
     */
    public EnvelopeHandler(RequestHandler controllerApis, Set<ApiKeys> served, BooleanSupplier isController,
                           Supplier<MetadataImage> image) {
        this.controllerApis = controllerApis;
        this.served = Set.copyOf(served);
        this.isController = isController;
        this.image = image;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<EnvelopeRequest> request) {
        String clientId = request.header().clientId();
        Optional<Integer> sender = brokerId(clientId);
        if (sender.isEmpty() || image.get().aliveBroker(sender.get()).isEmpty()) {
            return refuse(Errors.CLUSTER_AUTHORIZATION_FAILED, "Envelope from " + request.context().clientAddress
                    + " with client id '" + clientId + "' refused: only a live broker (client id "
                    + BROKER_CLIENT_ID_PREFIX + "<id>) forwards requests.");
        }
        if (!isController.getAsBoolean()) {
            return done(new EnvelopeResponse(Errors.NOT_CONTROLLER));
        }
        EnvelopeRequest envelope = request.body();
        ByteBuffer payload = envelope.requestData().duplicate();
        RequestHeader header;
        try {
            header = RequestHeader.parse(payload);
        } catch (RuntimeException e) {
            return refuse(Errors.INVALID_REQUEST, "Envelope from broker " + sender.get()
                    + " holds a request header that does not parse: " + e.getMessage());
        }
        if (!header.apiKey().forwardable || !served.contains(header.apiKey())) {
            return refuse(Errors.INVALID_REQUEST, "Envelope from broker " + sender.get() + " holds a "
                    + header.apiKey() + " request, which is not forwarded to the controller.");
        }
        KafkaPrincipal principal;
        try {
            principal = PRINCIPALS.deserialize(envelope.requestPrincipal());
        } catch (RuntimeException e) {
            return refuse(Errors.PRINCIPAL_DESERIALIZATION_FAILURE, "Envelope from broker " + sender.get()
                    + " names a principal that does not parse: " + e.getMessage());
        }
        InetAddress client;
        try {
            client = InetAddress.getByAddress(envelope.clientAddress());
        } catch (UnknownHostException e) {
            return refuse(Errors.INVALID_REQUEST, "Envelope from broker " + sender.get()
                    + " names a client address of " + envelope.clientAddress().length + " bytes.");
        }
        RequestContext context = new RequestContext(header, request.context().connectionId, client, Optional.empty(),
                principal, request.context().listenerName, request.context().securityProtocol,
                ClientInformation.EMPTY, false);
        AbstractRequest inner;
        try {
            inner = context.parseRequest(payload).request;
        } catch (RuntimeException e) {
            return refuse(Errors.INVALID_REQUEST, "Envelope from broker " + sender.get() + " holds a "
                    + header.apiKey() + " v" + header.apiVersion() + " request that does not parse: " + e.getMessage());
        }
        CompletionStage<AbstractResponse> answer;
        try {
            answer = controllerApis.handle(ReceivedRequest.unframed(context, inner, request.executor(),
                    request.receivedNanos()));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((response, failure) -> {
            AbstractResponse answered = failure != null
                    ? inner.getErrorResponse(0, ApiErrors.of(failure, "answering a forwarded " + header.apiKey())
                    .exception())
                    : response;
            return new EnvelopeResponse(context.buildResponseEnvelopePayload(answered), Errors.NONE);
        });
    }

    private static Optional<Integer> brokerId(String clientId) {
        if (clientId == null || !clientId.startsWith(BROKER_CLIENT_ID_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(clientId.substring(BROKER_CLIENT_ID_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static CompletionStage<AbstractResponse> refuse(Errors error, String why) {
        LOG.warning(why);
        return done(new EnvelopeResponse(error));
    }

    private static CompletionStage<AbstractResponse> done(AbstractResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
