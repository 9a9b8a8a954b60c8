package dev.katka.partition;

import dev.katka.cluster.InterBrokerClient;
import dev.katka.replication.ReplicaLog;
import dev.katka.replication.ReplicationAction;
import dev.katka.replication.ReplicationAction.SendFetch;
import dev.katka.replication.ReplicationAction.SendOffsetForLeaderEpoch;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * The follower side of replication: sends the fetches and OffsetForLeaderEpoch requests that
 * this broker's replicas ask for to their leaders, and feeds the answers back to them.
 *
 * <p>Fetches to one leader are combined: at most one is in flight per leader, and the partitions
 * that ask meanwhile go together in the next one (Kafka's replica fetcher does the same), so a
 * follower of many partitions sends one request per round trip, not one per partition.
 *
 * <p>Requests go through an {@link InterBrokerClient}; answers are handled on its I/O thread,
 * where the follower's appends happen. Fetch uses versions up to 12, which name topics rather
 * than carry topic ids.
 *
 * <p>Thread-safe: {@link #send} may be called from any thread.
 */
public final class FollowerFetcher implements ReplicaRequests {

    /** Kafka's replica.fetch.wait.max.ms. */
    static final int FETCH_MAX_WAIT_MS = 500;
    /** Kafka's replica.fetch.max.bytes. */
    static final int PARTITION_MAX_BYTES = 1024 * 1024;
    /** Kafka's replica.fetch.response.max.bytes. */
    static final int RESPONSE_MAX_BYTES = 10 * 1024 * 1024;
    private static final short LAST_VERSION_WITH_TOPIC_NAMES = 12;

    private final int localBrokerId;
    private final InterBrokerClient client;
    private final IntFunction<Optional<Node>> brokers;
    private final ReplicaRequests others;
    private final Map<Integer, Leader> leaders = new ConcurrentHashMap<>();

    /**
     * @param brokers where each live broker listens
     * @param others  where the requests that are not a follower's go (ISR changes, to the controller)
     */
    public FollowerFetcher(int localBrokerId, InterBrokerClient client, IntFunction<Optional<Node>> brokers,
                           ReplicaRequests others) {
        this.localBrokerId = localBrokerId;
        this.client = client;
        this.brokers = brokers;
        this.others = others;
    }

    @Override
    public void send(Partition partition, ReplicationAction action) {
        if (action instanceof SendFetch fetch) {
            Leader leader = leaders.computeIfAbsent(fetch.leader(), Leader::new);
            leader.add(partition, fetch);
            leader.maybeSend();
        } else if (action instanceof SendOffsetForLeaderEpoch ask) {
            askEndOffset(partition, ask);
        } else {
            others.send(partition, action);
        }
    }

    // ================================================================ OffsetForLeaderEpoch

    private void askEndOffset(Partition partition, SendOffsetForLeaderEpoch ask) {
        Optional<Node> leader = brokers.apply(ask.leader());
        if (leader.isEmpty()) {
            partition.onRequestFailed();
            return;
        }
        TopicPartition tp = partition.id().topicPartition();
        OffsetForLeaderTopicCollection topics = new OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderTopic().setTopic(tp.topic()).setPartitions(java.util.List.of(
                new OffsetForLeaderPartition().setPartition(tp.partition()).setLeaderEpoch(ask.epoch())
                        .setCurrentLeaderEpoch(ask.currentLeaderEpoch()))));
        client.<OffsetsForLeaderEpochResponse>send(leader.get(),
                        OffsetsForLeaderEpochRequest.Builder.forFollower(topics, localBrokerId))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        partition.onRequestFailed();
                        return;
                    }
                    Optional<EpochEndOffset> answer = response.data().topics().stream()
                            .filter(t -> t.topic().equals(tp.topic()))
                            .flatMap(t -> t.partitions().stream())
                            .filter(p -> p.partition() == tp.partition())
                            .findFirst();
                    if (answer.isEmpty()) {
                        partition.onRequestFailed();
                        return;
                    }
                    EpochEndOffset found = answer.get();
                    ReplicaLog.EpochEndOffset endOffset = found.leaderEpoch() < 0
                            ? ReplicaLog.EpochEndOffset.UNDEFINED
                            : new ReplicaLog.EpochEndOffset(found.leaderEpoch(), found.endOffset());
                    partition.onEpochEndOffset(ask.currentLeaderEpoch(), Errors.forCode(found.errorCode()), endOffset);
                });
    }

    // ================================================================ Fetch

    /** The fetches to one leader: what is in flight and what waits for the next request. */
    private final class Leader {

        private final int id;
        /** Guarded by this. */
        private final Map<Partition, SendFetch> waiting = new LinkedHashMap<>();
        /** Guarded by this. */
        private boolean inFlight;

        Leader(int id) {
            this.id = id;
        }

        synchronized void add(Partition partition, SendFetch fetch) {
            waiting.put(partition, fetch);
        }

        void maybeSend() {
            Map<Partition, SendFetch> batch;
            synchronized (this) {
                if (inFlight || waiting.isEmpty()) {
                    return;
                }
                batch = new LinkedHashMap<>(waiting);
                waiting.clear();
                inFlight = true;
            }
            Optional<Node> node = brokers.apply(id);
            if (node.isEmpty()) {
                done(batch, null);
                return;
            }
            client.<FetchResponse>send(node.get(), request(batch))
                    .whenComplete((response, failure) -> done(batch, failure == null ? response : null));
        }

        private FetchRequest.Builder request(Map<Partition, SendFetch> batch) {
            Map<TopicPartition, FetchRequest.PartitionData> partitions = new LinkedHashMap<>();
            batch.forEach((partition, fetch) -> partitions.put(partition.id().topicPartition(),
                    new FetchRequest.PartitionData(Uuid.ZERO_UUID, fetch.fetchOffset(), fetch.logStartOffset(),
                            PARTITION_MAX_BYTES,
                            Optional.of(fetch.currentLeaderEpoch()))));
            return new FetchRequest.Builder(ApiKeys.FETCH.oldestVersion(), LAST_VERSION_WITH_TOPIC_NAMES,
                    localBrokerId, -1, FETCH_MAX_WAIT_MS, 1, partitions).setMaxBytes(RESPONSE_MAX_BYTES);
        }

        /** Hands each partition its answer (or the failure), then sends what asked meanwhile. */
        private void done(Map<Partition, SendFetch> batch, FetchResponse response) {
            Map<TopicPartition, FetchResponseData.PartitionData> answers = response == null ? Map.of() : byPartition(response);
            batch.forEach((partition, fetch) -> {
                FetchResponseData.PartitionData answer = answers.get(partition.id().topicPartition());
                if (answer == null) {
                    partition.onRequestFailed();
                } else {
                    MemoryRecords records = answer.records() instanceof MemoryRecords memory ? memory : MemoryRecords.EMPTY;
                    partition.onFetchResponse(fetch.fetchOffset(), fetch.currentLeaderEpoch(),
                            Errors.forCode(answer.errorCode()), records, answer.logStartOffset(), answer.highWatermark());
                }
            });
            synchronized (this) {
                inFlight = false;
            }
            maybeSend();
        }

        private Map<TopicPartition, FetchResponseData.PartitionData> byPartition(FetchResponse response) {
            Map<TopicPartition, FetchResponseData.PartitionData> answers = new HashMap<>();
            for (FetchResponseData.FetchableTopicResponse topic : response.data().responses()) {
                for (FetchResponseData.PartitionData data : topic.partitions()) {
                    answers.put(new TopicPartition(topic.topic(), data.partitionIndex()), data);
                }
            }
            return answers;
        }
    }
}
