package dev.katka.protocol;

import dev.katka.log.LogAppendResult;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.CloseConnectionException;
import dev.katka.network.ReceivedRequest;
import dev.katka.partition.Partition;
import dev.katka.partition.PartitionRegistry;
import dev.katka.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * Produce: appends each partition's record batch to its log, as leader.
 *
 * <p>Runs on the connection's event loop: the append goes to the page cache, which costs less
 * than handing the request to another thread, and keeps a connection's appends in the order its
 * requests arrived (idempotent producers pipeline up to five requests and rely on it).
 *
 * <p>acks=0 gets no response at all; if anything failed, the connection is closed instead, so
 * the producer notices and refreshes its metadata (Kafka's behaviour). With one in-sync replica
 * acks=1 and acks=all are both answered after the local append.
 */
public final class ProduceHandler implements ApiHandler<ProduceRequest> {

    private final TopicRegistry topics;
    private final PartitionRegistry partitions;

    public ProduceHandler(TopicRegistry topics, PartitionRegistry partitions) {
        this.topics = topics;
        this.partitions = partitions;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<ProduceRequest> request) {
        ProduceRequest body = request.body();
        short acks = body.acks();
        List<TopicProduceResponse> topics = new ArrayList<>();
        List<List<CompletableFuture<PartitionProduceResponse>>> answers = new ArrayList<>();
        for (TopicProduceData topicData : body.data().topicData()) {
            topics.add(new TopicProduceResponse().setName(topicData.name()).setTopicId(topicData.topicId()));
            List<CompletableFuture<PartitionProduceResponse>> topicAnswers = new ArrayList<>();
            for (PartitionProduceData partitionData : topicData.partitionData()) {
                // Appends happen now, in request order; only the answers may wait (acks=all).
                topicAnswers.add(append(request.apiVersion(), acks, body.timeout(), topicData, partitionData)
                        .toCompletableFuture());
            }
            answers.add(topicAnswers);
        }
        if (acks == 0) {
            boolean failed = answers.stream().flatMap(List::stream)
                    .anyMatch(answer -> answer.join().errorCode() != Errors.NONE.code());
            return failed
                    ? CompletableFuture.failedFuture(new CloseConnectionException("a produce with acks=0 failed"))
                    : CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(answers.stream().flatMap(List::stream).toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    ProduceResponseData response = new ProduceResponseData();
                    for (int t = 0; t < topics.size(); t++) {
                        TopicProduceResponse topic = topics.get(t);
                        for (CompletableFuture<PartitionProduceResponse> answer : answers.get(t)) {
                            topic.partitionResponses().add(answer.join());
                        }
                        response.responses().add(topic);
                    }
                    return new ProduceResponse(response);
                });
    }

    private CompletionStage<PartitionProduceResponse> append(short version, short acks, int timeoutMs,
                                                              TopicProduceData topicData,
                                                              PartitionProduceData partitionData) {
        String where = topicData.name() + "-" + partitionData.index();
        try {
            if (acks != 0 && acks != 1 && acks != -1) {
                throw new InvalidRequiredAcksException("acks must be 0, 1 or -1 (all), was " + acks + ".");
            }
            Partition partition = partition(topicData, partitionData.index());
            ProduceRequest.validateRecords(version, partitionData.records());
            MemoryRecords records = (MemoryRecords) partitionData.records();
            int bytes = records.sizeInBytes();
            return partition.appendAsLeader(records, acks, timeoutMs)
                    .handle((appended, failure) -> {
                        if (failure != null) {
                            return failed(partitionData.index(), failure, where);
                        }
                        if (!appended.duplicate()) {
                            partition.traffic().received(bytes, appended.recordCount());
                        }
                        return succeeded(partitionData.index(), appended);
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failed(partitionData.index(), e, where));
        }
    }

    private static PartitionProduceResponse succeeded(int index, LogAppendResult appended) {
        return new PartitionProduceResponse()
                .setIndex(index)
                .setBaseOffset(appended.firstOffset())
                .setLogAppendTimeMs(appended.logAppendTime())
                .setLogStartOffset(appended.logStartOffset());
    }

    private static PartitionProduceResponse failed(int index, Throwable failure, String where) {
        ApiError error = ApiErrors.of(failure, "appending to " + where);
        return new PartitionProduceResponse()
                .setIndex(index)
                .setBaseOffset(-1)
                .setLogAppendTimeMs(-1)
                .setLogStartOffset(-1)
                .setErrorCode(error.error().code())
                .setErrorMessage(error.message());
    }

    private Partition partition(TopicProduceData topicData, int index) {
        boolean byId = topicData.topicId() != null && !Uuid.ZERO_UUID.equals(topicData.topicId());
        TopicRecord topic = byId ? topics.require(topicData.topicId()) : topics.require(topicData.name());
        return partitions.get(new TopicPartition(topic.name(), index)).orElseThrow(() -> byId
                ? new UnknownTopicIdException("Topic " + topic.id() + " has no partition " + index + ".")
                : new UnknownTopicOrPartitionException("Topic '" + topic.name() + "' has no partition " + index + "."));
    }
}
