package dev.katka.producer;

import dev.katka.cluster.InterBrokerClient;
import dev.katka.controller.ControllerAction.Reply;
import dev.katka.controller.ControllerChannel;
import dev.katka.controller.ControllerDriver;
import dev.katka.controller.ControllerEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.message.AllocateProducerIdsRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AllocateProducerIdsRequest;
import org.apache.kafka.common.requests.AllocateProducerIdsResponse;

/**
 * Producer id blocks from the controller: asked of the local controller when this broker is it,
 * otherwise with an AllocateProducerIds request to the controller broker (Kafka's way).
 *
 * <p>Thread-safe; {@link #reserve()} blocks.
 */
public final class ControllerProducerIdBlocks implements ProducerIdAllocator.BlockSource {

    /** Kafka's block size. */
    public static final int BLOCK_SIZE = 1000;

    private final int localBrokerId;
    private final long brokerEpoch;
    private final ControllerDriver controller;
    private final InterBrokerClient peers;
    private final Supplier<Optional<Node>> controllerNode;
    private final Duration timeout;

    /**
     * @param peers          how to reach another controller; null for a broker that runs alone
     * @param controllerNode where the controller listens, when it is another broker
     */
    public ControllerProducerIdBlocks(int localBrokerId, long brokerEpoch, ControllerDriver controller,
                                      InterBrokerClient peers, Supplier<Optional<Node>> controllerNode,
                                      Duration timeout) {
        this.localBrokerId = localBrokerId;
        this.brokerEpoch = brokerEpoch;
        this.controller = controller;
        this.peers = peers;
        this.controllerNode = controllerNode;
        this.timeout = timeout;
    }

    @Override
    public ProducerIdAllocator.Block reserve() {
        if (controller.isActive() || peers == null) {
            ControllerChannel local = controller::submit;
            Reply reply = local.call(id -> new ControllerEvent.AllocateProducerIds(id, BLOCK_SIZE), timeout);
            return new ProducerIdAllocator.Block((Long) reply.value(), BLOCK_SIZE);
        }
        Node target = controllerNode.get().orElseThrow(() ->
                new CoordinatorNotAvailableException("No controller to hand out producer ids right now."));
        AllocateProducerIdsRequest.Builder request = new AllocateProducerIdsRequest.Builder(
                new AllocateProducerIdsRequestData().setBrokerId(localBrokerId).setBrokerEpoch(brokerEpoch));
        AllocateProducerIdsResponse response = ControllerChannel.await(peers.send(target, request), timeout);
        if (response.error() != Errors.NONE) {
            throw response.error().exception("The controller refused producer ids: " + response.error().message());
        }
        return new ProducerIdAllocator.Block(response.data().producerIdStart(), response.data().producerIdLen());
    }
}
