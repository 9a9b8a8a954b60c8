package dev.katka.group;

import dev.katka.config.GroupSettings;
import dev.katka.group.GroupAction.Respond;
import dev.katka.group.GroupAction.Write;
import dev.katka.log.LogReadResult;
import dev.katka.metadata.TopicRecord;
import dev.katka.partition.Partition;
import dev.katka.partition.PartitionRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Time;

/**
 * The driver of the group coordinator on one broker: one {@link GroupShard} per
 * {@code __consumer_offsets} partition this broker leads, fed with requests, ticks of time and the
 * outcome of its writes, on one thread.
 *
 * <p>Leadership is followed on every tick (100 ms): a partition this broker now leads (or leads
 * in a new leader epoch) gets a fresh shard, loaded from the log on the loader executor while
 * requests for its groups are answered COORDINATOR_LOAD_IN_PROGRESS; a partition it no longer
 * leads is unloaded and its waiting requests are answered NOT_COORDINATOR. Writes are appended
 * with acks=all; the shard learns their outcome on the coordinator thread.
 *
 * <p>Thread-safety: the public methods may be called from any thread (the network threads); they
 * hand the event to the coordinator thread and return a future of the answer. All shard state is
 * confined to that thread.
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCoordinator.class.getName());
    private static final long TICK_MS = 100;
    private static final int LOAD_READ_BYTES = 1 << 20;

    private final GroupSettings settings;
    private final OffsetsTopic offsetsTopic;
    private final PartitionRegistry partitions;
    private final Executor loader;
    private final Time time;
    private final ScheduledExecutorService thread;
    /** By partition of {@code __consumer_offsets}; confined to the coordinator thread. */
    private final Map<Integer, Slot> slots = new HashMap<>();

    /**
     * @param loader runs the reading of a partition's log when this broker becomes its leader
     */
    public GroupCoordinator(GroupSettings settings, OffsetsTopic offsetsTopic, PartitionRegistry partitions,
                            Executor loader, ThreadFactory threadFactory, Time time) {
        this.settings = settings;
        this.offsetsTopic = offsetsTopic;
        this.partitions = partitions;
        this.loader = loader;
        this.time = time;
        this.thread = Executors.newSingleThreadScheduledExecutor(threadFactory);
    }

    public void start() {
        thread.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** One {@code __consumer_offsets} partition this broker leads, and its shard. */
    private static final class Slot {
        final int partitionIndex;
        final Partition partition;
        final int leaderEpoch;
        final GroupShard shard;
        final Map<Long, Waiting<?>> waiting = new HashMap<>();
        boolean loaded;
        long nextRequestId;

        Slot(int partitionIndex, Partition partition, GroupShard shard) {
            this.partitionIndex = partitionIndex;
            this.partition = partition;
            this.leaderEpoch = partition.leaderEpoch();
            this.shard = shard;
        }
    }

    /** A request waiting for its shard's answer, and how to answer it with an error instead. */
    private record Waiting<T>(CompletableFuture<T> answer, Function<Errors, T> onError) {

        @SuppressWarnings("unchecked")
        void complete(Object response) {
            answer.complete((T) response);
        }

        void fail(Errors error) {
            answer.complete(onError.apply(error));
        }
    }

    /** An event for the shard of one group. */
    @FunctionalInterface
    public interface ShardEvent {
        List<GroupAction> apply(GroupShard shard, long requestId, long now);
    }

    // ================================================================ requests

    /**
     * Hands a request to the shard of {@code groupId}. The future completes with the shard's
     * response, or with {@code onError}'s when this broker is not (yet) the group's coordinator.
     */
    public <T> CompletableFuture<T> request(String groupId, Function<Errors, T> onError, ShardEvent event) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        run(answer, onError, () -> {
            Slot slot = slotFor(groupId, answer, onError);
            if (slot != null) {
                long requestId = slot.nextRequestId++;
                slot.waiting.put(requestId, new Waiting<>(answer, onError));
                carryOut(slot, event.apply(slot.shard, requestId, time.milliseconds()));
            }
        });
        return answer;
    }

    /** Asks the shard of {@code groupId} something it answers at once, changing nothing. */
    public <T> CompletableFuture<T> query(String groupId, Function<Errors, T> onError, Function<GroupShard, T> query) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        run(answer, onError, () -> {
            Slot slot = slotFor(groupId, answer, onError);
            if (slot != null) {
                answer.complete(query.apply(slot.shard));
            }
        });
        return answer;
    }

    /**
     * Asks every loaded shard; fails with COORDINATOR_LOAD_IN_PROGRESS while one is loading, as
     * Kafka answers ListGroups then.
     */
    public <T> CompletableFuture<List<T>> queryAll(Function<GroupShard, List<T>> query) {
        CompletableFuture<List<T>> answer = new CompletableFuture<>();
        run(answer, error -> null, () -> {
            if (slots.values().stream().anyMatch(slot -> !slot.loaded)) {
                answer.completeExceptionally(Errors.COORDINATOR_LOAD_IN_PROGRESS.exception(
                        "Some partitions of " + OffsetsTopic.NAME + " are still loading."));
                return;
            }
            List<T> all = new ArrayList<>();
            slots.values().forEach(slot -> all.addAll(query.apply(slot.shard)));
            answer.complete(all);
        });
        return answer;
    }

    private <T> void run(CompletableFuture<T> answer, Function<Errors, T> onError, Runnable work) {
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "The group coordinator failed on a request", e);
                    answer.complete(onError.apply(Errors.UNKNOWN_SERVER_ERROR));
                }
            });
        } catch (RejectedExecutionException stopping) {
            answer.complete(onError.apply(Errors.NOT_COORDINATOR));
        }
    }

    private <T> Slot slotFor(String groupId, CompletableFuture<T> answer, Function<Errors, T> onError) {
        Slot slot = slots.get(offsetsTopic.partitionFor(groupId == null ? "" : groupId));
        if (slot == null) {
            answer.complete(onError.apply(Errors.NOT_COORDINATOR));
            return null;
        }
        if (!slot.loaded) {
            answer.complete(onError.apply(Errors.COORDINATOR_LOAD_IN_PROGRESS));
            return null;
        }
        return slot;
    }

    private void carryOut(Slot slot, List<GroupAction> actions) {
        for (GroupAction action : actions) {
            if (action instanceof Respond respond) {
                Waiting<?> waiting = slot.waiting.remove(respond.requestId());
                if (waiting != null) {
                    waiting.complete(respond.response());
                }
            } else if (action instanceof Write write) {
                append(slot, write);
            }
        }
    }

    private void append(Slot slot, Write write) {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE,
                write.records().toArray(SimpleRecord[]::new));
        try {
            slot.partition.appendAsLeader(records, (short) -1, settings.commitTimeoutMs())
                    .whenComplete((appended, failure) -> onCoordinatorThread(() -> written(slot, write, failure)));
        } catch (RuntimeException refused) {
            onCoordinatorThread(() -> written(slot, write, refused));
        }
    }

    private void written(Slot slot, Write write, Throwable failure) {
        if (slots.get(slot.partitionIndex) != slot) {
            return; // unloaded meanwhile: its requests were answered then
        }
        Errors error = failure == null ? Errors.NONE : writeError(failure);
        if (failure != null) {
            LOG.fine(() -> "Writing to " + OffsetsTopic.NAME + "-" + slot.partitionIndex + " failed: " + failure);
        }
        carryOut(slot, slot.shard.onWriteCompleted(write.writeId(), error, time.milliseconds()));
    }

    /** Kafka's translation of a failed append into what a group's member can act on. */
    private static Errors writeError(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return switch (Errors.forException(cause)) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            case NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                    Errors.COORDINATOR_NOT_AVAILABLE;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> Errors.INVALID_COMMIT_OFFSET_SIZE;
            default -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }

    private void onCoordinatorThread(Runnable work) {
        try {
            thread.execute(work);
        } catch (RejectedExecutionException stopping) {
            // closing: every waiting request was answered NOT_COORDINATOR
        }
    }

    // ================================================================ leadership and time

    private void tick() {
        try {
            followLeadership();
            long now = time.milliseconds();
            for (Slot slot : slots.values()) {
                if (slot.loaded) {
                    carryOut(slot, slot.shard.onTick(now));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The group coordinator's tick failed", e);
        }
    }

    private void followLeadership() {
        Optional<TopicRecord> topic = offsetsTopic.topic();
        int count = topic.map(TopicRecord::partitionCount).orElse(0);
        for (Slot slot : new ArrayList<>(slots.values())) {
            Optional<Partition> partition = partitions.get(new TopicPartition(OffsetsTopic.NAME, slot.partitionIndex));
            if (slot.partitionIndex >= count || partition.isEmpty() || partition.get() != slot.partition
                    || !slot.partition.isLeader() || slot.partition.leaderEpoch() != slot.leaderEpoch) {
                unload(slot);
            }
        }
        for (int p = 0; p < count; p++) {
            if (slots.containsKey(p)) {
                continue;
            }
            int index = p;
            partitions.get(new TopicPartition(OffsetsTopic.NAME, p)).filter(Partition::isLeader)
                    .ifPresent(partition -> load(index, partition));
        }
    }

    private void load(int index, Partition partition) {
        Slot slot = new Slot(index, partition, new GroupShard(settings));
        slots.put(index, slot);
        LOG.fine(() -> "Loading the groups of " + OffsetsTopic.NAME + "-" + index);
        loader.execute(() -> {
            try {
                List<GroupRecords.Parsed> records = readLog(partition);
                onCoordinatorThread(() -> loaded(slot, records));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Loading " + OffsetsTopic.NAME + "-" + index + " failed; trying again", e);
                onCoordinatorThread(() -> {
                    if (slots.get(index) == slot) {
                        slots.remove(index);
                    }
                });
            }
        });
    }

    private void loaded(Slot slot, List<GroupRecords.Parsed> records) {
        if (slots.get(slot.partitionIndex) != slot) {
            return;
        }
        long now = time.milliseconds();
        records.forEach(record -> slot.shard.replay(record, now));
        slot.loaded = true;
        // Fifty partitions load at once on a new broker: only those with groups are worth a line.
        LOG.log(records.isEmpty() ? Level.FINE : Level.INFO, () -> "Broker is the group coordinator of "
                + OffsetsTopic.NAME + "-" + slot.partitionIndex + " (leader epoch " + slot.leaderEpoch + "): loaded "
                + records.size() + " record(s), " + slot.shard.groupCount() + " group(s)");
    }

    /** Reads the whole log, up to its end when loading began, as the leader may. */
    private static List<GroupRecords.Parsed> readLog(Partition partition) {
        List<GroupRecords.Parsed> parsed = new ArrayList<>();
        long end = partition.logEndOffset();
        long offset = partition.logStartOffset();
        while (offset < end) {
            LogReadResult read = partition.readForFollower(offset, LOAD_READ_BYTES);
            MemoryRecords records = read.records().toMemoryRecords();
            long next = offset;
            for (RecordBatch batch : records.batches()) {
                if (!batch.isControlBatch()) {
                    for (Record record : batch) {
                        GroupRecords.Parsed one = GroupRecords.parse(record);
                        if (one != null) {
                            parsed.add(one);
                        }
                    }
                }
                next = batch.nextOffset();
            }
            if (next <= offset) {
                break; // nothing more to read (a compacted tail)
            }
            offset = next;
        }
        return parsed;
    }

    private void unload(Slot slot) {
        slots.remove(slot.partitionIndex);
        if (slot.loaded) {
            LOG.log(slot.shard.groupCount() == 0 ? Level.FINE : Level.INFO, () -> "Broker is no longer the group "
                    + "coordinator of " + OffsetsTopic.NAME + "-" + slot.partitionIndex);
            carryOut(slot, slot.shard.onUnloaded(time.milliseconds()));
        }
        slot.waiting.values().forEach(waiting -> waiting.fail(Errors.NOT_COORDINATOR));
        slot.waiting.clear();
    }

    /** The partitions of {@code __consumer_offsets} whose groups this broker serves now (for tests). */
    public Set<Integer> loadedPartitions() {
        CompletableFuture<Set<Integer>> answer = new CompletableFuture<>();
        run(answer, error -> Set.of(), () -> answer.complete(Set.copyOf(slots.entrySet().stream()
                .filter(e -> e.getValue().loaded).map(Map.Entry::getKey).toList())));
        return answer.join();
    }

    /** Stops: every shard is unloaded, so every waiting request gets NOT_COORDINATOR. */
    @Override
    public void close() throws InterruptedException {
        try {
            thread.submit(() -> new ArrayList<>(slots.values()).forEach(this::unload)).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.WARNING, "Unloading the group coordinator failed", e);
        } catch (RejectedExecutionException alreadyStopped) {
            // nothing to unload
        }
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
