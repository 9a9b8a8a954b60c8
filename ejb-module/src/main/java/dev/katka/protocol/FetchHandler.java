package dev.katka.protocol;

import dev.katka.log.FileSlice;
import dev.katka.log.LogReadResult;
import dev.katka.metadata.TopicRecord;
import dev.katka.network.ReceivedRequest;
import dev.katka.partition.Partition;
import dev.katka.partition.PartitionRegistry;
import dev.katka.replication.LeaderEpochs;
import dev.katka.topic.TopicRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Fetch: reads committed records of each requested partition and answers with them as slices of
 * the segment files, which the network layer sends with {@code sendfile}.
 *
 * <p>Limits are Kafka's: at most {@code partitionMaxBytes} per partition and {@code maxBytes} in
 * all, whole batches, but the first partition with data always gets at least one batch so a batch
 * larger than the limits cannot stall a consumer. When fewer than {@code minBytes} are there, the
 * fetch waits up to {@code maxWaitMs} and is answered as soon as an append brings enough
 * ({@link FetchWait}).
 *
 * <p>Incremental fetch sessions (KIP-227) are declined: every response carries session id 0,
 * which tells clients to keep sending full fetch requests.
 */
public final class FetchHandler implements ApiHandler<FetchRequest> {

    private final TopicRegistry topics;
    private final PartitionRegistry partitions;
    private final java.util.Set<FetchWait> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FetchHandler(TopicRegistry topics, PartitionRegistry partitions) {
        this.topics = topics;
        this.partitions = partitions;
    }

    @Override
    public CompletionStage<AbstractResponse> handle(ReceivedRequest<FetchRequest> request) {
        FetchRequestData data = request.body().data();
        if (data.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
            return CompletableFuture.completedFuture(sessionNotFound(data.sessionId()));
        }
        Plan plan = plan(data, request.body().replicaId());
        Read first = plan.read();
        // A fetch for nothing is answered at once: clients send one to close their fetch sessions.
        if (first.satisfies(data.minBytes()) || data.maxWaitMs() <= 0 || plan.partitions().isEmpty()) {
            plan.countSent(first.response());
            return CompletableFuture.completedFuture(first.response());
        }
        FetchWait wait = new FetchWait(plan, request.executor(), data.minBytes(), data.maxWaitMs());
        waiting.add(wait);
        return wait.start().whenComplete((response, failure) -> {
            waiting.remove(wait);
            if (response != null) {
                plan.countSent(response);
            }
        });
    }

    /** How many fetches are waiting for data now. */
    public int waitingFetches() {
        return waiting.size();
    }

    /** Answers every waiting fetch now with what is there; the broker calls it when it stops. */
    public void answerWaitingFetches() {
        waiting.forEach(FetchWait::completeNow);
    }

    private static AbstractResponse sessionNotFound(int sessionId) {
        return FetchResponse.of(new FetchResponseData()
                .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                .setSessionId(FetchMetadata.INVALID_SESSION_ID));
    }

    /**
     * Resolves the request's partitions. A follower's fetch ({@code replicaId} ≥ 0) also reports
     * its position to each partition's leader here, once per request, however long it then waits.
     */
    private Plan plan(FetchRequestData data, int replicaId) {
        List<Wanted> wanted = new ArrayList<>();
        for (FetchTopic topic : data.topics()) {
            boolean byId = topic.topicId() != null && !Uuid.ZERO_UUID.equals(topic.topicId());
            Optional<TopicRecord> record = byId ? topics.get(topic.topicId()) : topics.get(topic.topic());
            for (FetchPartition fetch : topic.partitions()) {
                Partition partition = record
                        .flatMap(t -> partitions.get(new TopicPartition(t.name(), fetch.partition())))
                        .orElse(null);
                Errors missing = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                boolean follower = replicaId >= 0;
                Errors refused = follower && partition != null ? followerFetched(partition, replicaId, fetch) : null;
                wanted.add(new Wanted(topic.topic(), topic.topicId(), fetch, partition, missing, follower, refused));
            }
        }
        return new Plan(wanted, data.maxBytes());
    }

    private static Errors followerFetched(Partition partition, int follower, FetchPartition fetch) {
        try {
            partition.onFollowerFetch(follower, fetch.fetchOffset(), fetch.logStartOffset(), fetch.currentLeaderEpoch());
            return null;
        } catch (RuntimeException e) {
            return ApiErrors.of(e, "recording broker " + follower + "'s fetch of " + partition.id().topicPartition())
                    .error();
        }
    }

    /**
     * One requested partition, resolved once; {@code partition} is null when it does not exist
     * here, {@code refused} names why a follower may not fetch it.
     */
    private record Wanted(String topic, Uuid topicId, FetchPartition fetch, Partition partition, Errors missing,
                          boolean follower, Errors refused) {
    }

    /** A fetch's partitions and limits; reading it again gives the current answer. */
    static final class Plan {

        private final List<Wanted> wanted;
        private final int maxBytes;

        private Plan(List<Wanted> wanted, int maxBytes) {
            this.wanted = wanted;
            this.maxBytes = maxBytes;
        }

        List<Partition> partitions() {
            List<Partition> result = new ArrayList<>();
            wanted.forEach(w -> {
                if (w.partition != null) {
                    result.add(w.partition);
                }
            });
            return result;
        }

        /**
         * Counts what a consumer's response carries in its topics' traffic. Only the response
         * sent is counted, not the readings a long poll discarded; its partitions come in the
         * order of {@link #wanted}.
         */
        void countSent(AbstractResponse response) {
            int i = 0;
            for (FetchableTopicResponse topic : ((FetchResponse) response).data().responses()) {
                for (PartitionData data : topic.partitions()) {
                    Wanted w = wanted.get(i++);
                    if (!w.follower && w.partition != null && data.records() instanceof FileSlice slice
                            && !slice.isEmpty()) {
                        long messages = slice.nextOffset() < 0 ? 0 : slice.nextOffset() - w.fetch.fetchOffset();
                        w.partition.traffic().sent(slice.sizeInBytes(), Math.max(0, messages));
                    }
                }
            }
        }

        /** Reads every partition within the limits. Safe on any thread. */
        Read read() {
            FetchResponseData response = new FetchResponseData().setSessionId(FetchMetadata.INVALID_SESSION_ID);
            FetchableTopicResponse topicResponse = null;
            int remaining = maxBytes;
            int total = 0;
            boolean error = false;
            for (Wanted w : wanted) {
                if (topicResponse == null || !sameTopic(topicResponse, w)) {
                    topicResponse = new FetchableTopicResponse().setTopic(w.topic).setTopicId(w.topicId);
                    response.responses().add(topicResponse);
                }
                PartitionData data = readPartition(w, Math.max(0, remaining), total == 0);
                int size = data.records() == null ? 0 : data.records().sizeInBytes();
                remaining -= size;
                total += size;
                error |= data.errorCode() != Errors.NONE.code();
                topicResponse.partitions().add(data);
            }
            return new Read(FetchResponse.of(response), total, error);
        }

        private static boolean sameTopic(FetchableTopicResponse response, Wanted w) {
            return java.util.Objects.equals(response.topic(), w.topic) && java.util.Objects.equals(response.topicId(), w.topicId);
        }

        private static PartitionData readPartition(Wanted w, int budget, boolean minOneBatch) {
            PartitionData data = new PartitionData()
                    .setPartitionIndex(w.fetch.partition())
                    .setHighWatermark(-1)
                    .setLastStableOffset(-1)
                    .setLogStartOffset(-1)
                    .setRecords(MemoryRecords.EMPTY);
            Partition partition = w.partition;
            if (partition == null) {
                return data.setErrorCode(w.missing.code());
            }
            data.setHighWatermark(partition.highWatermark())
                    .setLastStableOffset(partition.lastStableOffset())
                    .setLogStartOffset(partition.logStartOffset());
            if (w.refused != null) {
                return data.setErrorCode(w.refused.code());
            }
            try {
                int limit = Math.min(budget, w.fetch.partitionMaxBytes());
                LogReadResult read;
                if (w.follower) {
                    read = partition.readForFollower(w.fetch.fetchOffset(), limit);
                } else {
                    LeaderEpochs.check(w.fetch.currentLeaderEpoch(), partition.leaderEpoch(),
                            partition.id().topicPartition());
                    read = partition.read(w.fetch.fetchOffset(), limit, minOneBatch);
                }
                return data.setRecords(read.records());
            } catch (RuntimeException e) {
                ApiError error = ApiErrors.of(e, "reading " + partition.id().topicPartition());
                return data.setErrorCode(error.error().code());
            }
        }
    }

    /** One reading of a plan. */
    record Read(AbstractResponse response, int bytes, boolean hasError) {

        boolean satisfies(int minBytes) {
            return hasError || bytes >= minBytes;
        }
    }
}
