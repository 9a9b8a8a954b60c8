package dev.katka.protocol;

import dev.katka.controller.ControllerChannel;
import dev.katka.controller.ControllerEvent;
import dev.katka.network.ReceivedRequest;
import dev.katka.producer.ControllerProducerIdBlocks;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.message.AllocateProducerIdsResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AllocateProducerIdsRequest;
import org.apache.kafka.common.requests.AllocateProducerIdsResponse;

/**
 * AllocateProducerIds, on the controller: another broker asks for a block of producer ids for
 * its idempotent producers. Answered with NOT_CONTROLLER by a broker that is not the controller.
 */
public final class AllocateProducerIdsHandler implements ApiHandler<AllocateProducerIdsRequest> {

    private final ControllerChannel controller;

    public AllocateProducerIdsHandler(ControllerChannel controller) {
        this.controller = controller;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<AllocateProducerIdsRequest> request) {
        int size = ControllerProducerIdBlocks.BLOCK_SIZE;
        return controller.submit(id -> new ControllerEvent.AllocateProducerIds(id, size))
                .handle((reply, failure) -> {
                    AllocateProducerIdsResponseData data = new AllocateProducerIdsResponseData();
                    if (failure != null) {
                        data.setErrorCode(ApiErrors.of(failure, "handing out producer ids").error().code());
                    } else if (reply.error() != Errors.NONE) {
                        data.setErrorCode(reply.error().code());
                    } else {
                        data.setProducerIdStart((Long) reply.value()).setProducerIdLen(size);
                    }
                    return new AllocateProducerIdsResponse(data);
                });
    }
}
