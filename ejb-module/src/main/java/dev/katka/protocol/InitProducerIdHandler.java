package dev.katka.protocol;

import dev.katka.network.ReceivedRequest;
import dev.katka.producer.ProducerIdAllocator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;

/**
 * InitProducerId for idempotent producers: a fresh producer id with epoch 0, every time (a
 * producer that asks again after an error starts a new sequence, as in Kafka).
 *
 * <p>Transactional producers (with a {@code transactional.id}) are refused with
 * UNSUPPORTED_VERSION, which the Java producer treats as fatal: Katka has no transaction
 * coordinator yet, and an error that invites retries would only hang the client.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequest> {

    private final ProducerIdAllocator producerIds;
    private final Executor admin;

    public InitProducerIdHandler(ProducerIdAllocator producerIds, Executor admin) {
        this.producerIds = producerIds;
        this.admin = admin;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<InitProducerIdRequest> request) {
        if (request.body().data().transactionalId() != null) {
            return CompletableFuture.completedFuture(new InitProducerIdResponse(new InitProducerIdResponseData()
                    .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                    .setProducerId(-1)
                    .setProducerEpoch((short) -1)));
        }
        return CompletableFuture.supplyAsync(() -> new InitProducerIdResponse(new InitProducerIdResponseData()
                .setProducerId(producerIds.next())
                .setProducerEpoch((short) 0)), admin);
    }
}
