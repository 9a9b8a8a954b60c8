package dev.katka.simulation;

import dev.katka.controller.Controller;
import dev.katka.controller.ControllerAction;
import dev.katka.controller.ControllerEvent;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.PartitionState;
import dev.katka.metadata.TopicImage;
import dev.katka.replication.PartitionReplica;
import dev.katka.replication.ReplicaLog.EpochEndOffset;
import dev.katka.replication.ReplicationAction;
import dev.katka.replication.ReplicationAction.CompleteProduce;
import dev.katka.replication.ReplicationAction.RequestIsrChange;
import dev.katka.replication.ReplicationAction.SendFetch;
import dev.katka.replication.ReplicationAction.SendOffsetForLeaderEpoch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;

/**
 * One broker of the simulated cluster: the real {@link PartitionReplica} and {@link Controller}
 * state machines, driven by simulated messages and time instead of Netty, Hazelcast and a clock.
 *
 * <p>What survives a crash, as files would: the logs, the high-watermark checkpoints and the
 * applied metadata image. Everything else (roles, waiting requests, the controller role) is lost.
 */
final class SimulatedBroker {

    static final long TICK_MS = 10;
    static final long HEARTBEAT_MS = 100;
    static final long FETCH_MAX_WAIT_MS = 100;
    static final long REPLICA_LAG_TIME_MAX_MS = 1_000;
    static final int FETCH_MAX_BYTES = 16 * 1024;

    private enum Status { DOWN, RUNNING, PAUSED }

    private final int id;
    private final Scheduler scheduler;
    private final Network network;
    private final Coordination coordination;
    private final Invariants invariants;
    private final Random random;

    // durable
    private final Map<TopicPartition, SimulatedLog> logs = new HashMap<>();
    private final Map<TopicPartition, Long> highWatermarkCheckpoints = new HashMap<>();
    private MetadataImage image = MetadataImage.EMPTY;

    // lost in a crash
    private Status status = Status.DOWN;
    private long incarnation;
    private final Map<TopicPartition, PartitionReplica> replicas = new HashMap<>();
    private final Map<TopicPartition, List<Runnable>> waitingFetches = new HashMap<>();
    private final Map<Long, Consumer<Errors>> waitingProduces = new HashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    private Controller controller;
    private long nextRequestId;

    SimulatedBroker(int id, Scheduler scheduler, Network network, Coordination coordination, Invariants invariants,
                    Random random) {
        this.id = id;
        this.scheduler = scheduler;
        this.network = network;
        this.coordination = coordination;
        this.invariants = invariants;
        this.random = random;
    }

    int id() {
        return id;
    }

    long incarnation() {
        return incarnation;
    }

    boolean isUp() {
        return status != Status.DOWN;
    }

    boolean isPaused() {
        return status == Status.PAUSED;
    }

    Map<TopicPartition, PartitionReplica> replicas() {
        return replicas;
    }

    SimulatedLog log(TopicPartition partition) {
        return logs.get(partition);
    }

    MetadataImage image() {
        return image;
    }

    // ================================================================ life cycle

    /** Starts (again): catches up with the metadata before taking any role, then joins. */
    void start() {
        status = Status.RUNNING;
        incarnation++;
        applyMetadata(coordination.entriesAfter(image.version()));
        updateReplicas();
        coordination.caughtUp(id, image.version());
        coordination.register(new BrokerRegistration(id, "broker" + id, 9092, null, incarnation));
        long myIncarnation = incarnation;
        scheduler.after(TICK_MS, () -> tick(myIncarnation));
        scheduler.after(HEARTBEAT_MS, () -> heartbeat(myIncarnation));
    }

    /** kill -9: the process and everything in its memory are gone; its files stay. */
    void crash() {
        status = Status.DOWN;
        replicas.clear();
        waitingFetches.clear();
        waitingProduces.clear();
        held.clear();
        controller = null;
    }

    /** SIGSTOP: nothing runs; what arrives waits. */
    void pause() {
        status = Status.PAUSED;
    }

    /** SIGCONT: what arrived meanwhile is handled, in order. */
    void resume() {
        status = Status.RUNNING;
        List<Runnable> arrived = new ArrayList<>(held);
        held.clear();
        arrived.forEach(Runnable::run);
    }

    void hold(Runnable message) {
        held.add(message);
    }

    private void heartbeat(long myIncarnation) {
        if (incarnation != myIncarnation || status == Status.DOWN) {
            return;
        }
        if (status == Status.RUNNING) {
            coordination.heartbeat(id);
        }
        scheduler.after(HEARTBEAT_MS, () -> heartbeat(myIncarnation));
    }

    private void tick(long myIncarnation) {
        if (incarnation != myIncarnation || status == Status.DOWN) {
            return;
        }
        if (status == Status.RUNNING) {
            long now = scheduler.now();
            for (Map.Entry<TopicPartition, PartitionReplica> entry : new ArrayList<>(replicas.entrySet())) {
                carryOut(entry.getKey(), entry.getValue().onTick(now));
            }
            if (controller != null) {
                handleAsController(new ControllerEvent.Tick(now));
            }
            checkpointHighWatermarks();
        }
        scheduler.after(TICK_MS, () -> tick(myIncarnation));
    }

    private void checkpointHighWatermarks() {
        replicas.forEach((tp, replica) -> highWatermarkCheckpoints.put(tp, replica.highWatermark()));
    }

    // ================================================================ metadata

    void applyMetadata(List<MetadataLogEntry> entries) {
        MetadataImage before = image;
        for (MetadataLogEntry entry : entries) {
            image = image.apply(entry);
        }
        if (status == Status.RUNNING && image != before) {
            updateReplicas();
        }
    }

    private void updateReplicas() {
        long now = scheduler.now();
        image.forEachPartition((topic, index) -> {
            TopicPartition tp = new TopicPartition(topic.name(), index);
            PartitionState state = topic.partition(index);
            PartitionReplica replica = replicas.get(tp);
            if (replica == null && state.replicas().contains(id)) {
                SimulatedLog log = logs.computeIfAbsent(tp, p -> new SimulatedLog());
                replica = new PartitionReplica(id, log, REPLICA_LAG_TIME_MAX_MS,
                        highWatermarkCheckpoints.getOrDefault(tp, 0L));
                replicas.put(tp, replica);
            }
            if (replica != null) {
                carryOut(tp, replica.onMetadata(state, minInsync(topic), now));
                invariants.observe(this, tp, replica);
            }
        });
    }

    private static int minInsync(TopicImage topic) {
        return Integer.parseInt(topic.configs().getOrDefault(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1"));
    }

    // ================================================================ replication actions

    private void carryOut(TopicPartition tp, List<ReplicationAction> actions) {
        for (ReplicationAction action : actions) {
            if (action instanceof SendFetch fetch) {
                sendFetch(tp, fetch);
            } else if (action instanceof SendOffsetForLeaderEpoch ask) {
                sendEpochQuery(tp, ask);
            } else if (action instanceof RequestIsrChange change) {
                requestIsrChange(tp, change);
            } else if (action instanceof CompleteProduce done) {
                Consumer<Errors> producer = waitingProduces.remove(done.requestId());
                if (producer != null) {
                    producer.accept(done.error());
                }
            }
        }
        PartitionReplica replica = replicas.get(tp);
        if (replica != null) {
            invariants.observe(this, tp, replica);
        }
    }

    private void sendFetch(TopicPartition tp, SendFetch fetch) {
        long me = incarnation;
        network.send(id, fetch.leader(), -1, leader -> leader.serveFetch(id, me, tp, fetch.fetchOffset(),
                fetch.currentLeaderEpoch()), requestLost(tp, me));
    }

    /** What a broken connection does to a follower's request: it fails, and the follower asks again. */
    private Runnable requestLost(TopicPartition tp, long me) {
        return () -> whenRunning(me, () -> {
            PartitionReplica replica = replicas.get(tp);
            if (replica != null) {
                carryOut(tp, replica.onRequestFailed(scheduler.now()));
            }
        });
    }

    /** Runs {@code work} in this life of the broker: now, or (paused) once it resumes; never after a restart. */
    private void whenRunning(long myIncarnation, Runnable work) {
        if (incarnation != myIncarnation || status == Status.DOWN) {
            return;
        }
        if (status == Status.PAUSED) {
            hold(work);
        } else {
            work.run();
        }
    }

    private void sendEpochQuery(TopicPartition tp, SendOffsetForLeaderEpoch ask) {
        long me = incarnation;
        network.send(id, ask.leader(), -1, leader -> {
            Errors error = Errors.NONE;
            EpochEndOffset answer = EpochEndOffset.UNDEFINED;
            PartitionReplica replica = leader.replicas.get(tp);
            try {
                if (replica == null) {
                    throw new org.apache.kafka.common.errors.NotLeaderOrFollowerException("no replica");
                }
                answer = replica.endOffsetForEpoch(ask.epoch(), ask.currentLeaderEpoch());
            } catch (ApiException e) {
                error = Errors.forException(e);
            }
            Errors finalError = error;
            EpochEndOffset finalAnswer = answer;
            network.send(leader.id, id, me, follower -> follower.onEpochAnswer(tp, ask.currentLeaderEpoch(),
                    finalError, finalAnswer), requestLost(tp, me));
        }, requestLost(tp, me));
    }

    private void onEpochAnswer(TopicPartition tp, int leaderEpoch, Errors error, EpochEndOffset answer) {
        PartitionReplica replica = replicas.get(tp);
        if (replica != null) {
            long hwBefore = replica.highWatermark();
            long endBefore = replica.log().logEndOffset();
            List<ReplicationAction> actions = replica.onEpochEndOffset(leaderEpoch, error, answer, scheduler.now());
            invariants.truncated(this, tp, hwBefore, endBefore, replica.log().logEndOffset());
            carryOut(tp, actions);
        }
    }

    /** As leader: a follower fetches. Answered at once when there is data, else when data comes or time is up. */
    void serveFetch(int follower, long followerIncarnation, TopicPartition tp, long fetchOffset, int leaderEpoch) {
        PartitionReplica replica = replicas.get(tp);
        List<ReplicationAction> actions = new ArrayList<>();
        Errors error = Errors.NONE;
        try {
            if (replica == null) {
                throw new org.apache.kafka.common.errors.NotLeaderOrFollowerException("no replica");
            }
            replica.onFollowerFetch(follower, fetchOffset, -1, leaderEpoch, scheduler.now(), actions);
        } catch (ApiException e) {
            error = Errors.forException(e);
        }
        if (replica != null) {
            carryOut(tp, actions);
        }
        if (error == Errors.NONE && fetchOffset < replica.log().logStartOffset()) {
            error = Errors.OFFSET_OUT_OF_RANGE;
        }
        if (error == Errors.NONE && fetchOffset >= replica.log().logEndOffset()) {
            waitForData(tp, () -> answerFetch(follower, followerIncarnation, tp, fetchOffset, leaderEpoch, Errors.NONE));
            return;
        }
        answerFetch(follower, followerIncarnation, tp, fetchOffset, leaderEpoch, error);
    }

    private void waitForData(TopicPartition tp, Runnable answer) {
        boolean[] answered = {false};
        Runnable once = () -> {
            if (!answered[0]) {
                answered[0] = true;
                answer.run();
            }
        };
        waitingFetches.computeIfAbsent(tp, p -> new ArrayList<>()).add(once);
        long me = incarnation;
        scheduler.after(FETCH_MAX_WAIT_MS, () -> whenRunning(me, once));
    }

    private void wakeFetches(TopicPartition tp) {
        List<Runnable> waiting = waitingFetches.remove(tp);
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    private void answerFetch(int follower, long followerIncarnation, TopicPartition tp, long fetchOffset, int leaderEpoch,
                             Errors error) {
        PartitionReplica replica = replicas.get(tp);
        MemoryRecords records = MemoryRecords.EMPTY;
        long logStart = -1;
        long highWatermark = -1;
        if (replica != null && error == Errors.NONE) {
            SimulatedLog log = logs.get(tp);
            records = fetchOffset < log.logEndOffset() ? log.read(fetchOffset, FETCH_MAX_BYTES) : MemoryRecords.EMPTY;
            highWatermark = replica.highWatermark();
        }
        if (replica != null) {
            logStart = replica.log().logStartOffset();
        }
        MemoryRecords sent = records;
        long start = logStart;
        long hw = highWatermark;
        network.send(id, follower, followerIncarnation, f -> f.onFetchAnswer(tp, fetchOffset, leaderEpoch, error,
                sent, start, hw), () -> cluster().broker(follower).requestLost(tp, followerIncarnation).run());
    }

    private void onFetchAnswer(TopicPartition tp, long fetchOffset, int leaderEpoch, Errors error, MemoryRecords records,
                               long leaderLogStart, long leaderHighWatermark) {
        PartitionReplica replica = replicas.get(tp);
        if (replica != null) {
            carryOut(tp, replica.onFetchResponse(fetchOffset, leaderEpoch, error, records, leaderLogStart,
                    leaderHighWatermark, scheduler.now()));
        }
    }

    private void requestIsrChange(TopicPartition tp, RequestIsrChange change) {
        int controllerId = coordination.controller();
        if (controllerId < 0) {
            return;
        }
        TopicImage topic = image.topic(tp.topic()).orElse(null);
        if (topic == null) {
            return;
        }
        long me = incarnation;
        long request = nextRequestId++;
        ControllerEvent.AlterPartition alter = new ControllerEvent.AlterPartition(request, id, topic.id(),
                tp.partition(), change.leaderEpoch(), change.partitionEpoch(), change.newIsr());
        network.send(id, controllerId, coordination.controllerIncarnation(),
                c -> c.handleAlterPartition(alter, change, id, me, tp), isrChangeLost(tp, change, me));
    }

    /** A broken connection to the controller fails the ISR change; the leader may ask again. */
    private Runnable isrChangeLost(TopicPartition tp, RequestIsrChange change, long me) {
        return () -> whenRunning(me, () -> onIsrAnswer(tp, change, Errors.NETWORK_EXCEPTION, null));
    }

    // ================================================================ producers

    /** A client's produce request, as the leader would handle it. */
    void produce(TopicPartition tp, MemoryRecords records, short acks, ProduceCallback callback) {
        PartitionReplica replica = replicas.get(tp);
        if (replica == null) {
            network.reply(id, () -> callback.answered(Errors.NOT_LEADER_OR_FOLLOWER, -1));
            return;
        }
        List<ReplicationAction> actions = new ArrayList<>();
        long request = nextRequestId++;
        try {
            PartitionReplica.Appended appended = replica.appendAsLeader(records, acks, request,
                    scheduler.now() + 2_000, actions);
            long base = appended.result().firstOffset();
            if (appended.complete()) {
                network.reply(id, () -> callback.answered(Errors.NONE, base));
            } else {
                waitingProduces.put(request, error -> network.reply(id, () -> callback.answered(error, base)));
            }
        } catch (ApiException e) {
            network.reply(id, () -> callback.answered(Errors.forException(e), -1));
        }
        carryOut(tp, actions);
        wakeFetches(tp);
    }

    interface ProduceCallback {
        void answered(Errors error, long baseOffset);
    }

    // ================================================================ controller

    void becomeController(int epoch) {
        if (epoch <= coordination.latest().controllerEpoch()) {
            // The news of the election reached a paused broker after a later controller had
            // written: it was deposed before it took office (ControllerDriver does the same).
            coordination.resign(id, epoch);
            return;
        }
        controller = new Controller(epoch, coordination.latest(), false, new java.util.Random(random.nextLong()));
        handleAsController(new ControllerEvent.TookOffice(coordination.aliveRegistrations(), scheduler.now()));
    }

    void onBrokerStarted(BrokerRegistration registration) {
        if (controller != null) {
            handleAsController(new ControllerEvent.BrokerStarted(registration));
        }
    }

    void onBrokerFailed(int broker) {
        if (controller != null) {
            handleAsController(new ControllerEvent.BrokerFailed(broker));
        }
    }

    Errors createTopic(ControllerEvent.CreateTopic request) {
        if (controller == null) {
            return Errors.NOT_CONTROLLER;
        }
        List<ControllerAction> actions = controller.handle(request);
        for (ControllerAction action : actions) {
            if (action instanceof ControllerAction.Append append && !appendOrStepDown(append)) {
                return Errors.NOT_CONTROLLER;
            }
            if (action instanceof ControllerAction.Reply reply) {
                return reply.error();
            }
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    private void handleAlterPartition(ControllerEvent.AlterPartition alter, RequestIsrChange change, int leader,
                                      long leaderIncarnation, TopicPartition tp) {
        if (controller == null) {
            network.send(id, leader, leaderIncarnation, b -> b.onIsrAnswer(tp, change, Errors.NOT_CONTROLLER, null));
            return;
        }
        for (ControllerAction action : controller.handle(alter)) {
            if (action instanceof ControllerAction.Append append && !appendOrStepDown(append)) {
                network.send(id, leader, leaderIncarnation,
                        b -> b.onIsrAnswer(tp, change, Errors.NOT_CONTROLLER, null));
                return;
            }
            if (action instanceof ControllerAction.Reply reply) {
                PartitionState state = (PartitionState) reply.value();
                network.send(id, leader, leaderIncarnation, b -> b.onIsrAnswer(tp, change, reply.error(), state),
                        () -> cluster().broker(leader).isrChangeLost(tp, change, leaderIncarnation).run());
            }
        }
    }

    private void onIsrAnswer(TopicPartition tp, RequestIsrChange change, Errors error, PartitionState state) {
        PartitionReplica replica = replicas.get(tp);
        if (replica != null) {
            carryOut(tp, replica.onIsrChangeAnswer(change, error, state, scheduler.now()));
        }
    }

    private void handleAsController(ControllerEvent event) {
        for (ControllerAction action : controller.handle(event)) {
            if (action instanceof ControllerAction.Append append && !appendOrStepDown(append)) {
                return;
            }
        }
    }

    /** A controller whose appends are refused has been deposed: it stops at once. */
    private boolean appendOrStepDown(ControllerAction.Append append) {
        int epoch = controller.epoch();
        if (coordination.append(epoch, id, append.records())) {
            return true;
        }
        // Its view now holds records nobody else will see: it cannot go on as controller.
        controller = null;
        coordination.resign(id, epoch);
        return false;
    }

    private Cluster cluster() {
        return network.cluster();
    }

    boolean isController() {
        return controller != null;
    }
}
