package dev.katka.controller;

import dev.katka.controller.ControllerAction.Append;
import dev.katka.controller.ControllerAction.Reply;
import dev.katka.controller.ControllerEvent.AllocateProducerIds;
import dev.katka.controller.ControllerEvent.AlterConfigs;
import dev.katka.controller.ControllerEvent.AlterPartition;
import dev.katka.controller.ControllerEvent.BrokerFailed;
import dev.katka.controller.ControllerEvent.BrokerStarted;
import dev.katka.controller.ControllerEvent.CreatePartitions;
import dev.katka.controller.ControllerEvent.CreateTopic;
import dev.katka.controller.ControllerEvent.DeleteTopic;
import dev.katka.controller.ControllerEvent.ElectLeaders;
import dev.katka.controller.ControllerEvent.Reassign;
import dev.katka.controller.ControllerEvent.Tick;
import dev.katka.controller.ControllerEvent.TookOffice;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataLogEntry;
import dev.katka.metadata.MetadataRecord;
import dev.katka.metadata.MetadataRecord.ChangePartition;
import dev.katka.metadata.PartitionState;
import dev.katka.metadata.TopicImage;
import dev.katka.topic.TopicConfigs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

/**
 * The cluster controller, as a state machine: it takes an event and returns actions (records to
 * append to the metadata log, answers to requests). No threads, sockets or clock inside; time
 * comes with the events. The driver runs it on one thread while this broker holds the
 * controller role, and drops it the moment the role is lost.
 *
 * <p>Its decisions: where replicas go, who leads (clean election from the ISR; see
 * {@link LeaderElection}), which ISR changes of leaders stand (only those naming the current leader
 * and partition epochs), reassignments step by step, preferred leaders back in front, leader
 * elections asked for (ElectLeaders: preferred or unclean).
 *
 * <p>It works on its own copy of the image, to which it applies its records as it emits them:
 * the next decision already sees the previous one, whether or not the brokers have applied it.
 *
 * <p>Not thread-safe.
 */
public final class Controller {

    /** How often (at most) leadership moves back to preferred replicas on its own. */
    static final long PREFERRED_ELECTION_INTERVAL_MS = 30_000;

    private final int epoch;
    private final RandomGenerator random;
    private final boolean uncleanDefault;
    private final boolean autoPreferredElection;
    private MetadataImage image;
    private long nextPreferredElection;
    private List<MetadataRecord> pending;

    /**
     * @param epoch          this controller's epoch: higher than any before it
     * @param image          the latest metadata the cluster has
     * @param uncleanDefault the broker default of {@code unclean.leader.election.enable}
     * @param random         for replica placement; seeded in simulations
     */
    public Controller(int epoch, MetadataImage image, boolean uncleanDefault, RandomGenerator random) {
        this(epoch, image, uncleanDefault, true, random);
    }

    /**
     * @param autoPreferredElection whether ticks move leadership back to preferred replicas
     *                              ({@code auto.leader.rebalance.enable})
     */
    public Controller(int epoch, MetadataImage image, boolean uncleanDefault, boolean autoPreferredElection,
                      RandomGenerator random) {
        if (epoch <= image.controllerEpoch()) {
            throw new IllegalArgumentException("Controller epoch " + epoch + " is not above the image's "
                    + image.controllerEpoch());
        }
        this.epoch = epoch;
        this.image = image;
        this.uncleanDefault = uncleanDefault;
        this.autoPreferredElection = autoPreferredElection;
        this.random = random;
    }

    public int epoch() {
        return epoch;
    }

    /** The image with every record this controller has emitted applied. */
    public MetadataImage image() {
        return image;
    }

    /** Handles one event; the actions come in the order they must be carried out. */
    public List<ControllerAction> handle(ControllerEvent event) {
        pending = new ArrayList<>();
        MetadataImage before = image;
        List<ControllerAction> actions = new ArrayList<>();
        Reply reply;
        try {
            reply = dispatch(event);
        } catch (ApiException e) {
            if (!(event instanceof ControllerEvent.Request request)) {
                throw e;
            }
            // A refused request changes nothing, even if it got half-way.
            image = before;
            pending.clear();
            reply = new Reply(request.requestId(), Errors.forException(e), e.getMessage(), null);
        }
        if (event instanceof ControllerEvent.Validatable check && check.validateOnly()) {
            image = before;
            pending.clear();
        }
        if (!pending.isEmpty()) {
            actions.add(new Append(List.copyOf(pending)));
        }
        if (reply != null) {
            actions.add(reply);
        }
        return actions;
    }

    private Reply dispatch(ControllerEvent event) {
        if (event instanceof TookOffice e) {
            tookOffice(e);
        } else if (event instanceof BrokerStarted e) {
            brokerStarted(e.registration());
        } else if (event instanceof BrokerFailed e) {
            brokerFailed(e.brokerId());
        } else if (event instanceof Tick e) {
            tick(e.now());
        } else if (event instanceof CreateTopic e) {
            return Reply.ok(e.requestId(), createTopic(e));
        } else if (event instanceof DeleteTopic e) {
            deleteTopic(topic(e.topicId()));
            return Reply.ok(e.requestId(), null);
        } else if (event instanceof CreatePartitions e) {
            return Reply.ok(e.requestId(), createPartitions(e));
        } else if (event instanceof AlterConfigs e) {
            TopicImage topic = topic(e.topicId());
            Map<String, String> configs = TopicConfigs.validate(e.configs());
            if (!configs.equals(topic.configs())) {
                append(new MetadataRecord.ChangeTopicConfigs(topic.id(), configs));
            }
            return Reply.ok(e.requestId(), configs);
        } else if (event instanceof AlterPartition e) {
            return alterPartition(e);
        } else if (event instanceof Reassign e) {
            reassign(e);
            return Reply.ok(e.requestId(), null);
        } else if (event instanceof ElectLeaders e) {
            return Reply.ok(e.requestId(), electLeaders(e));
        } else if (event instanceof AllocateProducerIds e) {
            long first = image.nextProducerId();
            append(new MetadataRecord.AllocateProducerIds(first + e.count()));
            return Reply.ok(e.requestId(), first);
        }
        return null;
    }

    // ---------------------------------------------------------------- brokers

    /** Reconciles the image with who is alive now: the previous controller may have missed changes. */
    private void tookOffice(TookOffice event) {
        Set<Integer> alive = new HashSet<>();
        for (BrokerRegistration registration : event.aliveBrokers()) {
            alive.add(registration.id());
            brokerStarted(registration);
        }
        for (int registered : image.aliveBrokers()) {
            if (!alive.contains(registered)) {
                brokerFailed(registered);
            }
        }
        nextPreferredElection = event.now() + PREFERRED_ELECTION_INTERVAL_MS;
    }

    private void brokerStarted(BrokerRegistration registration) {
        BrokerRegistration known = image.brokers().get(registration.id());
        if (known != null && known.equals(registration) && image.isAlive(registration.id())) {
            return;
        }
        if (known != null && image.isAlive(registration.id())) {
            // A new incarnation before the old one was noticed gone: it remembers nothing of its roles.
            brokerFailed(registration.id());
        }
        append(new MetadataRecord.RegisterBroker(registration));
        int back = registration.id();
        forEachPartition((topic, index, state) ->
                LeaderElection.afterStart(state, back, image::isAlive, unclean(topic)));
    }

    private void brokerFailed(int brokerId) {
        if (!image.isAlive(brokerId)) {
            return;
        }
        append(new MetadataRecord.FenceBroker(brokerId));
        forEachPartition((topic, index, state) ->
                LeaderElection.afterFailure(state, brokerId, image::isAlive, unclean(topic)));
    }

    // ---------------------------------------------------------------- topics

    private TopicImage createTopic(CreateTopic request) {
        String name = request.name();
        if (name == null) {
            throw new InvalidTopicException("Topic name is missing.");
        }
        Topic.validate(name);
        if (image.topic(name).isPresent()) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        for (TopicImage existing : image.topics().values()) {
            if (Topic.hasCollision(name, existing.name())) {
                throw new InvalidTopicException("Topic '" + name + "' collides with existing topic '" + existing.name()
                        + "': names that differ only in '.' and '_' would share metric names.");
            }
        }
        Map<String, String> configs = TopicConfigs.validate(request.configs());
        List<List<Integer>> assignment = request.assignment() != null
                ? checkedAssignment(name, request.assignment())
                : placement(name, request.partitions(), request.replicationFactor(), 0);
        List<PartitionState> partitions = assignment.stream().map(PartitionState::initial).toList();
        TopicImage topic = new TopicImage(Uuid.randomUuid(), name, configs, partitions);
        append(new MetadataRecord.CreateTopic(topic));
        return topic;
    }

    private List<List<Integer>> placement(String topic, int partitions, int replicationFactor, int first) {
        if (partitions < 1) {
            throw new InvalidPartitionsException("Topic '" + topic + "' needs at least 1 partition, not " + partitions + ".");
        }
        List<Integer> alive = new ArrayList<>(image.aliveBrokers());
        if (replicationFactor < 1 || replicationFactor > alive.size()) {
            throw new InvalidReplicationFactorException("Replication factor " + replicationFactor + " of topic '"
                    + topic + "' must lie between 1 and the number of live brokers (" + alive.size() + ").");
        }
        return ReplicaPlacement.place(alive, partitions, replicationFactor, first, random);
    }

    private List<List<Integer>> checkedAssignment(String topic, List<List<Integer>> assignment) {
        if (assignment.isEmpty()) {
            throw new InvalidReplicaAssignmentException("The replica assignment of topic '" + topic + "' is empty.");
        }
        int size = assignment.get(0).size();
        for (List<Integer> replicas : assignment) {
            if (replicas.size() != size || replicas.isEmpty() || new HashSet<>(replicas).size() != replicas.size()) {
                throw new InvalidReplicaAssignmentException("Every partition of topic '" + topic
                        + "' needs the same number of distinct replicas: " + assignment + ".");
            }
            for (int broker : replicas) {
                if (!image.isAlive(broker)) {
                    throw new InvalidReplicaAssignmentException("Topic '" + topic + "' is assigned to broker "
                            + broker + ", which is not alive.");
                }
            }
        }
        return assignment;
    }

    private void deleteTopic(TopicImage topic) {
        if (Topic.isInternal(topic.name())) {
            throw new InvalidRequestException("Topic '" + topic.name() + "' is internal and cannot be deleted.");
        }
        append(new MetadataRecord.DeleteTopic(topic.id()));
    }

    private List<PartitionState> createPartitions(CreatePartitions request) {
        TopicImage topic = topic(request.topicId());
        int current = topic.partitions().size();
        if (request.count() == current) {
            throw new InvalidPartitionsException("Topic '" + topic.name() + "' already has " + current + " partitions.");
        }
        if (request.count() < current) {
            throw new InvalidPartitionsException("Topic '" + topic.name() + "' has " + current
                    + " partitions; the count can only grow, not become " + request.count() + ".");
        }
        List<PartitionState> added = placement(topic.name(), request.count() - current, topic.replicationFactor(), current)
                .stream().map(PartitionState::initial).toList();
        append(new MetadataRecord.AddPartitions(topic.id(), added));
        return added;
    }

    private static PartitionState partition(TopicImage topic, int index) {
        if (index < 0 || index >= topic.partitions().size()) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic.name() + "' has no partition " + index + ".");
        }
        return topic.partition(index);
    }

    private TopicImage topic(Uuid id) {
        return image.topic(id).orElseThrow(() -> new UnknownTopicIdException("No topic has id " + id + "."));
    }

    private boolean unclean(TopicImage topic) {
        String value = topic.configs().get(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG);
        return value != null ? Boolean.parseBoolean(value) : uncleanDefault;
    }

    // ---------------------------------------------------------------- partitions

    private Reply alterPartition(AlterPartition request) {
        TopicImage topic = topic(request.topicId());
        if (request.partition() < 0 || request.partition() >= topic.partitions().size()) {
            return Reply.error(request.requestId(), Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    "Topic '" + topic.name() + "' has no partition " + request.partition() + ".");
        }
        PartitionState state = topic.partition(request.partition());
        if (state.leader() != request.leader() || state.leaderEpoch() != request.leaderEpoch()) {
            return Reply.error(request.requestId(), Errors.FENCED_LEADER_EPOCH, "Broker " + request.leader()
                    + " in leader epoch " + request.leaderEpoch() + " no longer leads " + topic.name() + "-"
                    + request.partition() + " (leader " + state.leader() + ", epoch " + state.leaderEpoch() + ").");
        }
        if (state.partitionEpoch() != request.partitionEpoch()) {
            return Reply.error(request.requestId(), Errors.INVALID_UPDATE_VERSION, "Partition epoch "
                    + request.partitionEpoch() + " is stale; the current one is " + state.partitionEpoch() + ".");
        }
        List<Integer> isr = request.newIsr();
        if (!isr.contains(state.leader()) || !state.replicas().containsAll(isr)
                || new HashSet<>(isr).size() != isr.size()) {
            return Reply.error(request.requestId(), Errors.INVALID_REQUEST, "ISR " + isr + " must hold the leader "
                    + state.leader() + " and only replicas of " + state.replicas() + ".");
        }
        for (int member : isr) {
            if (!state.isr().contains(member) && !image.isAlive(member)) {
                return Reply.error(request.requestId(), Errors.INELIGIBLE_REPLICA,
                        "Broker " + member + " is not alive and cannot join the ISR.");
            }
        }
        PartitionState changed = state.withIsr(isr);
        changePartition(topic, request.partition(), changed);
        completeReassignment(topic.id(), request.partition());
        return Reply.ok(request.requestId(), currentState(topic.id(), request.partition()));
    }

    private PartitionState currentState(Uuid topicId, int partition) {
        return image.topic(topicId).orElseThrow().partition(partition);
    }

    /**
     * Starts (or replaces, or cancels) a partition's reassignment: the partition's replicas become
     * the target followed by the replicas leaving, the ones arriving are marked adding and the
     * leaving ones removing. Leaders then bring the new replicas into the ISR (AlterPartition);
     * once all are in, {@link #completeReassignment} moves leadership off a leaving leader and
     * drops the leaving replicas. A cancellation goes back to the replicas before the reassignment.
     */
    private void reassign(Reassign request) {
        TopicImage topic = topic(request.topicId());
        PartitionState state = partition(topic, request.partition());
        String partitionName = topic.name() + "-" + request.partition();
        boolean underWay = !state.addingReplicas().isEmpty() || !state.removingReplicas().isEmpty();
        List<Integer> original = new ArrayList<>(state.replicas());
        original.removeAll(state.addingReplicas());
        List<Integer> target = request.targetReplicas();
        if (target == null) {
            if (!underWay) {
                throw new NoReassignmentInProgressException("No reassignment of " + partitionName
                        + " is in progress to cancel.");
            }
            finishReassignment(topic, request.partition(), state, original);
            return;
        }
        if (target.isEmpty() || new HashSet<>(target).size() != target.size()) {
            throw new InvalidReplicaAssignmentException("Target replicas " + target + " of " + partitionName
                    + " must be distinct and not empty.");
        }
        for (int broker : target) {
            if (!image.brokers().containsKey(broker)) {
                throw new InvalidReplicaAssignmentException("Target replicas " + target + " of " + partitionName
                        + " name broker " + broker + ", which is not known to the cluster.");
            }
        }
        if (!request.allowReplicationFactorChange() && target.size() != original.size()) {
            throw new InvalidReplicationFactorException("Target replicas " + target + " of " + partitionName
                    + " change the replication factor from " + original.size() + " to " + target.size()
                    + ", which the request does not allow.");
        }
        if (!underWay && target.equals(state.replicas())) {
            return;
        }
        List<Integer> adding = new ArrayList<>(target);
        adding.removeAll(original);
        List<Integer> removing = new ArrayList<>(original);
        removing.removeAll(target);
        List<Integer> all = new ArrayList<>(target);
        removing.forEach(all::add);
        List<Integer> isr = new ArrayList<>(state.isr());
        // A replica added by a reassignment that the new target no longer wants leaves at once.
        isr.retainAll(all);
        changePartition(topic, request.partition(), state.withReplicas(all, isr.isEmpty() ? state.isr() : isr,
                adding, removing));
        completeReassignment(topic.id(), request.partition());
    }

    /** Once every added replica is in sync, the partition takes its target replicas. */
    private void completeReassignment(Uuid topicId, int partition) {
        TopicImage topic = image.topic(topicId).orElseThrow();
        PartitionState state = topic.partition(partition);
        if (state.addingReplicas().isEmpty() && state.removingReplicas().isEmpty()) {
            return;
        }
        if (!state.isr().containsAll(state.addingReplicas())) {
            return;
        }
        List<Integer> target = new ArrayList<>(state.replicas());
        target.removeAll(state.removingReplicas());
        finishReassignment(topic, partition, state, target);
    }

    private void finishReassignment(TopicImage topic, int partition, PartitionState state, List<Integer> target) {
        List<Integer> isr = new ArrayList<>(state.isr());
        isr.retainAll(target);
        PartitionState settled = new PartitionState(target, isr.isEmpty() ? List.of(target.get(0)) : isr,
                state.leader(), state.leaderEpoch(), state.partitionEpoch() + 1, List.of(), List.of());
        if (!target.contains(state.leader())) {
            Optional<Integer> next = target.stream().filter(r -> isr.contains(r) && image.isAlive(r)).findFirst();
            settled = new PartitionState(target, isr, next.orElse(PartitionState.NO_LEADER), state.leaderEpoch() + 1,
                    state.partitionEpoch() + 1, List.of(), List.of());
        }
        changePartition(topic, partition, settled);
    }

    private void tick(long now) {
        if (autoPreferredElection && now >= nextPreferredElection) {
            nextPreferredElection = now + PREFERRED_ELECTION_INTERVAL_MS;
            electPreferredLeaders();
        }
    }

    private void electPreferredLeaders() {
        forEachPartition((topic, index, state) -> LeaderElection.preferred(state, image::isAlive));
    }

    /** ElectLeaders: each named partition (or every one) elected as its election type says; the outcome per partition. */
    private Map<TopicPartition, ApiError> electLeaders(ElectLeaders request) {
        Map<TopicPartition, ApiError> results = new LinkedHashMap<>();
        boolean all = request.partitions() == null;
        Map<String, Set<Integer>> wanted = new LinkedHashMap<>();
        if (all) {
            image.forEachPartition((topic, index) -> wanted.computeIfAbsent(topic.name(), n -> new TreeSet<>()).add(index));
        } else {
            wanted.putAll(request.partitions());
        }
        wanted.forEach((name, partitions) -> {
            Optional<TopicImage> topic = image.topic(name);
            for (int index : partitions) {
                TopicPartition tp = new TopicPartition(name, index);
                ApiError result;
                if (topic.isEmpty()) {
                    result = new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist.");
                } else if (index < 0 || index >= topic.get().partitions().size()) {
                    result = new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' has no partition "
                            + index + ".");
                } else {
                    result = elect(image.topic(name).orElseThrow(), index, request.type());
                }
                if (!all || result.error() != Errors.ELECTION_NOT_NEEDED) {
                    results.put(tp, result);
                }
            }
        });
        return results;
    }

    private ApiError elect(TopicImage topic, int index, ElectionType type) {
        PartitionState state = topic.partition(index);
        String name = topic.name() + "-" + index;
        if (type == ElectionType.PREFERRED) {
            int preferred = state.preferredLeader();
            if (state.leader() == preferred) {
                return new ApiError(Errors.ELECTION_NOT_NEEDED, "Preferred replica " + preferred + " already leads "
                        + name + ".");
            }
            Optional<PartitionState> elected = LeaderElection.preferred(state, image::isAlive);
            if (elected.isEmpty()) {
                return new ApiError(Errors.PREFERRED_LEADER_NOT_AVAILABLE, "Preferred replica " + preferred + " of "
                        + name + " is not " + (image.isAlive(preferred) ? "in the ISR " + state.isr() : "alive") + ".");
            }
            changePartition(topic, index, elected.get());
            return ApiError.NONE;
        }
        if (state.hasLeader() && image.isAlive(state.leader())) {
            return new ApiError(Errors.ELECTION_NOT_NEEDED, "Broker " + state.leader() + " leads " + name + ".");
        }
        Optional<PartitionState> elected = LeaderElection.anyLive(state, image::isAlive);
        if (elected.isEmpty()) {
            return new ApiError(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, "No replica of " + name + " " + state.replicas()
                    + " is alive.");
        }
        changePartition(topic, index, elected.get());
        return ApiError.NONE;
    }

    /** Applies a change to every partition for which {@code change} returns one. */
    private void forEachPartition(PartitionChange change) {
        List<Runnable> changes = new ArrayList<>();
        image.forEachPartition((topic, index) -> change.of(topic, index, topic.partition(index))
                .ifPresent(state -> changes.add(() -> changePartition(image.topic(topic.id()).orElseThrow(), index, state))));
        changes.forEach(Runnable::run);
    }

    @FunctionalInterface
    private interface PartitionChange {
        Optional<PartitionState> of(TopicImage topic, int index, PartitionState state);
    }

    private void changePartition(TopicImage topic, int partition, PartitionState state) {
        append(new ChangePartition(topic.id(), partition, state));
    }

    private void append(MetadataRecord record) {
        image = image.apply(new MetadataLogEntry(image.version() + 1, epoch, record));
        pending.add(record);
    }
}
