package dev.katka.broker;

import dev.katka.cluster.ClusterCoordination;
import dev.katka.cluster.ClusterMember;
import dev.katka.cluster.ClusterView;
import dev.katka.cluster.ImageClusterView;
import dev.katka.cluster.InterBrokerClient;
import dev.katka.cluster.SoloMetadataLog;
import dev.katka.config.BrokerConfig;
import dev.katka.config.Endpoint;
import dev.katka.controller.ControllerDriver;
import dev.katka.forwarding.ControllerRouter;
import dev.katka.group.GroupCoordinator;
import dev.katka.group.OffsetsTopic;
import dev.katka.log.LogCleaner;
import dev.katka.metadata.BrokerMetadata;
import dev.katka.metadata.BrokerRegistration;
import dev.katka.metadata.MetadataImage;
import dev.katka.metadata.MetadataStore.BrokerIdentity;
import dev.katka.metadata.MetadataStore;
import dev.katka.metrics.BrokerMetrics;
import dev.katka.metrics.TimedRequests;
import dev.katka.network.KafkaListener;
import dev.katka.partition.AlterPartitionSender;
import dev.katka.partition.FollowerFetcher;
import dev.katka.partition.Partition;
import dev.katka.partition.PartitionRegistry;
import dev.katka.producer.ControllerProducerIdBlocks;
import dev.katka.producer.ProducerIdAllocator;
import dev.katka.protocol.AllocateProducerIdsHandler;
import dev.katka.protocol.AlterConfigsHandler;
import dev.katka.protocol.AlterPartitionHandler;
import dev.katka.protocol.AlterPartitionReassignmentsHandler;
import dev.katka.protocol.ApiDispatcher;
import dev.katka.protocol.ApiVersionsHandler;
import dev.katka.protocol.CreatePartitionsHandler;
import dev.katka.protocol.CreateTopicsHandler;
import dev.katka.protocol.DeleteGroupsHandler;
import dev.katka.protocol.DeleteTopicsHandler;
import dev.katka.protocol.DescribeClusterHandler;
import dev.katka.protocol.DescribeConfigsHandler;
import dev.katka.protocol.DeleteRecordsHandler;
import dev.katka.protocol.DescribeLogDirsHandler;
import dev.katka.protocol.DescribeGroupsHandler;
import dev.katka.protocol.ElectLeadersHandler;
import dev.katka.protocol.EnvelopeHandler;
import dev.katka.protocol.FetchHandler;
import dev.katka.protocol.FindCoordinatorHandler;
import dev.katka.protocol.HeartbeatHandler;
import dev.katka.protocol.IncrementalAlterConfigsHandler;
import dev.katka.protocol.InitProducerIdHandler;
import dev.katka.protocol.JoinGroupHandler;
import dev.katka.protocol.LeaveGroupHandler;
import dev.katka.protocol.ListGroupsHandler;
import dev.katka.protocol.ListOffsetsHandler;
import dev.katka.protocol.ListPartitionReassignmentsHandler;
import dev.katka.protocol.MetadataHandler;
import dev.katka.protocol.OffsetCommitHandler;
import dev.katka.protocol.OffsetDeleteHandler;
import dev.katka.protocol.OffsetFetchHandler;
import dev.katka.protocol.OffsetForLeaderEpochHandler;
import dev.katka.protocol.ProduceHandler;
import dev.katka.protocol.SyncGroupHandler;
import dev.katka.replication.ReplicationAction;
import dev.katka.topic.TopicConfigs;
import dev.katka.topic.TopicRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.utils.Time;

/**
 * One Katka broker: the composition root of the core, in plain Java.
 *
 * <p>The container (or a test) hands it configuration, the durable metadata store, a thread
 * factory and a clock; the broker owns everything else: the data directory, the partition logs,
 * the Kafka protocol listener and the background maintenance.
 *
 * <p>{@link #start()} and {@link #stop()} are called by one thread (the owner of the life cycle);
 * the accessors are thread-safe once {@code start} has returned.
 */
public final class Broker {

    private static final Logger LOG = Logger.getLogger(Broker.class.getName());
    private static final int ADMIN_THREADS = 2;
    private static final long MAINTENANCE_INTERVAL_MS = 1_000;
    /** How long an admin request waits for the controller's answer. */
    private static final Duration CONTROLLER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(60);
    /** How often replicas check for lagging followers and expired acks=all waits. */
    private static final long REPLICATION_TICK_MS = 100;
    /** Kafka's replica.high.watermark.checkpoint.interval.ms. */
    private static final long HW_CHECKPOINT_INTERVAL_MS = 5_000;
    private static final int INTER_BROKER_TIMEOUT_MS = 30_000;

    private final BrokerConfig config;
    private final MetadataStore metadataStore;
    private final ThreadFactory threadFactory;
    private final Time time;
    private final ClusterCoordination coordination;

    /** What start() opened, closed in reverse order by stop(). */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final BrokerMetrics metrics = new BrokerMetrics();
    private volatile Running running;
    /** Set when stop() begins: from then on the broker is no longer ready for clients. */
    private volatile boolean stopping;

    /** A broker that runs alone: its own controller, no other broker to replicate with. */
    public Broker(BrokerConfig config, MetadataStore metadataStore, ThreadFactory threadFactory, Time time) {
        this(config, metadataStore, null, threadFactory, time);
    }

    /**
     * A broker of a cluster.
     *
     * @param coordination the cluster's membership, controller election and metadata log; null
     *                     for a broker that runs alone. The broker closes it when it stops.
     */
    public Broker(BrokerConfig config, MetadataStore metadataStore, ClusterCoordination coordination,
                  ThreadFactory threadFactory, Time time) {
        this.coordination = coordination;
        this.config = Objects.requireNonNull(config, "config");
        this.metadataStore = Objects.requireNonNull(metadataStore, "metadataStore");
        this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
        this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * Takes the data directory, recovers the logs and starts serving the Kafka protocol.
     * Returns once the listener is bound and serving.
     *
     * @throws BrokerStartupException when the broker cannot start (the data directory is in use
     *                                or belongs to another broker, the port is taken, ...);
     *                                anything already started is stopped again
     */
    public void start() {
        if (running != null) {
            throw new IllegalStateException("already started");
        }
        long startNanos = time.nanoseconds();
        try {
            running = startComponents();
        } catch (RuntimeException e) {
            closeStarted();
            throw e instanceof BrokerStartupException ? e
                    : new BrokerStartupException("Broker " + config.nodeId() + " failed to start: " + e.getMessage(), e);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(time.nanoseconds() - startNanos);
        LOG.info(() -> "Broker " + config.nodeId() + " of cluster " + running.cluster.clusterId() + " started in "
                + millis + " ms, serving " + running.partitions.all().size() + " partition(s) on "
                + running.advertised);
    }

    private Running startComponents() {
        DataDirectory dataDirectory = DataDirectory.lock(config.dataDir());
        started.push(dataDirectory);
        if (coordination != null) {
            started.push(coordination::close);
        }
        BrokerIdentity identity = reconcileIdentity(joinClusterId(dataDirectory, dataDirectory.identity(config.nodeId())));

        TopicConfigs topicConfigs = new TopicConfigs(config);
        BrokerMetadata metadata = new BrokerMetadata(metadataStore.loadImage().orElse(MetadataImage.EMPTY),
                metadataStore::saveImage);
        PartitionRegistry partitions = new PartitionRegistry(config.dataDir(), identity.nodeId(), topicConfigs,
                Broker::noOtherBrokers, time, metrics);
        started.push(partitions::closeAll);
        metadata.addListener(partitions);
        metadata.addListener(new MembershipLog(identity.nodeId()));

        AtomicReference<ControllerDriver> driver = new AtomicReference<>();
        SoloMetadataLog soloLog = coordination == null ? new SoloMetadataLog(metadata,
                epoch -> driver.get().becameController(epoch, metadata.image(),
                        Set.copyOf(metadata.image().aliveRegistrations()))) : null;
        ControllerDriver controller = new ControllerDriver(identity.nodeId(),
                coordination == null ? soloLog : coordination, metadata::awaitVersion,
                topicConfigs.effective(Map.of()).uncleanLeaderElection(), config.autoLeaderRebalance(), threadFactory,
                time);
        driver.set(controller);
        started.push(controller);
        TopicRegistry topics = new TopicRegistry(controller::submit, CONTROLLER_TIMEOUT);
        metadata.addListener(topics);
        topics.imageChanged(MetadataImage.EMPTY, metadata.image());

        ExecutorService admin = Executors.newFixedThreadPool(ADMIN_THREADS, threadFactory);
        started.push(() -> shutdown(admin));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threadFactory);
        started.push(() -> shutdown(scheduler));

        KafkaListener listener = new KafkaListener(config.listener(), config.networkThreads(),
                config.socketRequestMaxBytes(), threadFactory, time);
        InetSocketAddress bound = listener.bind();
        started.push(listener);
        Endpoint advertised = config.advertisedListener().port() == 0
                ? config.advertisedListener().withPort(bound.getPort()) : config.advertisedListener();
        BrokerRegistration self = new BrokerRegistration(identity.nodeId(), advertised.host(), advertised.port(), null,
                time.milliseconds());
        ClusterView cluster;
        ProducerIdAllocator producerIds;
        InterBrokerClient peers = null;
        ControllerRouter.Cluster controllerWhereabouts;
        if (coordination == null) {
            // Alone, the saved image is the latest there is: follow it now, then take office.
            partitions.imageChanged(MetadataImage.EMPTY, metadata.image());
            cluster = new ImageClusterView(identity.clusterId(), identity.nodeId(), metadata::image,
                    () -> controller.isActive() ? identity.nodeId() : -1);
            controller.becameController(soloLog.nextEpoch(), metadata.image(), Set.of(self));
            producerIds = new ProducerIdAllocator(new ControllerProducerIdBlocks(identity.nodeId(),
                    self.incarnation(), controller, null, Optional::empty, CONTROLLER_TIMEOUT));
            controllerWhereabouts = ControllerRouter.alone(controller::isActive, () -> metadata.image().version(),
                    metadata::awaitVersion);
        } else {
            // In a cluster, roles come from the log: the partitions follow the first image after catching up.
            peers = new InterBrokerClient(EnvelopeHandler.BROKER_CLIENT_ID_PREFIX + identity.nodeId(),
                    INTER_BROKER_TIMEOUT_MS, threadFactory, time);
            started.push(peers);
            IntFunction<Optional<Node>> brokers = id -> metadata.image().aliveBroker(id)
                    .map(b -> new Node(b.id(), b.host(), b.port()));
            partitions.sendRequestsTo(new FollowerFetcher(identity.nodeId(), peers, brokers,
                    new AlterPartitionSender(identity.nodeId(), self.incarnation(), peers,
                            () -> brokers.apply(coordination.controllerId()))));
            cluster = new ImageClusterView(identity.clusterId(), identity.nodeId(), metadata::image,
                    coordination::controllerId);
            producerIds = new ProducerIdAllocator(new ControllerProducerIdBlocks(identity.nodeId(),
                    self.incarnation(), controller, peers, () -> brokers.apply(coordination.controllerId()),
                    CONTROLLER_TIMEOUT));
            controllerWhereabouts = ControllerRouter.of(controller::isActive, coordination::controllerId, brokers,
                    coordination::committedVersion, metadata::awaitVersion);
            coordination.join(self, metadata.image(), new ClusterMember(coordination, metadata, controller));
        }
        awaitRegistration(metadata, self);

        ApiDispatcher controllerApis = controllerApis(metadata, topics, topicConfigs, cluster, admin, controller);
        ControllerRouter toController = new ControllerRouter(identity.nodeId(), controllerApis, controllerWhereabouts,
                peers, admin, scheduler, CONTROLLER_TIMEOUT, time);
        // The broker creates __consumer_offsets as a client would: through the controller, wherever it is.
        OffsetsTopic offsetsTopic = new OffsetsTopic(topics, toController::createTopic, cluster,
                config.groupSettings(), admin);
        GroupCoordinator groups = new GroupCoordinator(config.groupSettings(), offsetsTopic, partitions, admin,
                threadFactory, time);
        groups.start();
        started.push(groups);
        FetchHandler fetches = new FetchHandler(topics, partitions);
        // Stopping answers waiting fetches first, so the listener drains without waiting out their maxWaitMs.
        started.push(fetches::answerWaitingFetches);
        listener.serve(new TimedRequests(apis(metadata, topics, partitions, topicConfigs, cluster, admin, fetches,
                controller, producerIds, controllerApis, toController, offsetsTopic, groups), metrics.requests(), time));
        scheduler.scheduleWithFixedDelay(partitions::runMaintenance, MAINTENANCE_INTERVAL_MS,
                MAINTENANCE_INTERVAL_MS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(partitions::tick, REPLICATION_TICK_MS, REPLICATION_TICK_MS,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(controller::tick, MAINTENANCE_INTERVAL_MS, MAINTENANCE_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(partitions::checkpointHighWatermarks, HW_CHECKPOINT_INTERVAL_MS,
                HW_CHECKPOINT_INTERVAL_MS, TimeUnit.MILLISECONDS);
        startLogCleaner(partitions);
        return new Running(bound, advertised, cluster, topics, partitions, fetches, groups, listener, controller,
                metadata, self);
    }

    /**
     * Starts the cleaner of compacted logs, unless {@code log.cleaner.enable=false}. It stops
     * before the logs close, since it was started after them.
     */
    private void startLogCleaner(PartitionRegistry partitions) {
        if (!config.logCleanerEnable()) {
            return;
        }
        LogCleaner cleaner = new LogCleaner(partitions::cleanerTargets, new LogCleaner.Settings(config.logCleanerDedupeBufferSize(), config.logCleanerIoBufferSize(),
                        config.logCleanerBackoffMs()),
                threadFactory, time);
        cleaner.start();
        started.push(cleaner);
    }

    /** Waits until the controller has registered this broker: before that, Metadata would list no brokers. */
    private static void awaitRegistration(BrokerMetadata metadata, BrokerRegistration self) {
        long deadline = System.nanoTime() + REGISTRATION_TIMEOUT.toNanos();
        while (!metadata.image().aliveBroker(self.id()).equals(Optional.of(self))) {
            if (System.nanoTime() > deadline) {
                throw new BrokerStartupException("Broker " + self.id() + " was not registered by the controller within "
                        + REGISTRATION_TIMEOUT.toSeconds() + " s.");
            }
            try {
                metadata.awaitVersion(metadata.image().version() + 1).toCompletableFuture().get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerStartupException("Interrupted while waiting for registration", e);
            }
        }
    }

    /** A broker alone is every partition's only replica: its replicas never ask other brokers for anything. */
    private static void noOtherBrokers(Partition partition, ReplicationAction action) {
        LOG.warning(() -> "Ignored " + action + " of " + partition + ": this broker runs alone");
    }

    /**
     * In a cluster, every broker has the cluster's id. A broker on its first start (its metadata
     * database records no identity yet) takes it; a broker that belongs to another cluster is
     * refused rather than mixing the two clusters' metadata.
     */
    private BrokerIdentity joinClusterId(DataDirectory dataDirectory, BrokerIdentity fromDirectory) {
        if (coordination == null) {
            return fromDirectory;
        }
        String clusterId = coordination.agreeClusterId(fromDirectory.clusterId());
        if (clusterId.equals(fromDirectory.clusterId())) {
            return fromDirectory;
        }
        if (metadataStore.identity().isPresent()) {
            throw new BrokerStartupException("Broker " + fromDirectory.nodeId() + " belongs to cluster "
                    + fromDirectory.clusterId() + " (data directory " + config.dataDir() + ") but the brokers it "
                    + "joins are cluster " + clusterId + ": give it an empty data directory to join them.");
        }
        LOG.info(() -> "Broker " + fromDirectory.nodeId() + " joins cluster " + clusterId);
        return dataDirectory.adoptClusterId(fromDirectory, clusterId);
    }

    /** The data directory and the metadata database must belong to the same broker of one cluster. */
    private BrokerIdentity reconcileIdentity(BrokerIdentity fromDirectory) {
        Optional<BrokerIdentity> stored = metadataStore.identity();
        if (stored.isEmpty()) {
            metadataStore.saveIdentity(fromDirectory);
            return fromDirectory;
        }
        if (!stored.get().equals(fromDirectory)) {
            throw new BrokerStartupException("The metadata database belongs to " + stored.get()
                    + " but the data directory " + config.dataDir() + " to " + fromDirectory
                    + "; they must come from the same broker.");
        }
        return fromDirectory;
    }

    /**
     * The APIs only the controller answers (Kafka's forwardable ones): this broker's handlers of
     * them act through its own controller, so they answer only while it holds the role; every
     * broker serves them through a {@link ControllerRouter}.
     */
    private ApiDispatcher controllerApis(BrokerMetadata metadata, TopicRegistry topics, TopicConfigs topicConfigs,
                                         ClusterView cluster, ExecutorService admin, ControllerDriver controller) {
        return new ApiDispatcher()
                .register(ApiKeys.ALTER_PARTITION_REASSIGNMENTS,
                        new AlterPartitionReassignmentsHandler(topics, controller::submit))
                .register(ApiKeys.LIST_PARTITION_REASSIGNMENTS, new ListPartitionReassignmentsHandler(metadata::image))
                .register(ApiKeys.ELECT_LEADERS, new ElectLeadersHandler(controller::submit))
                .register(ApiKeys.CREATE_TOPICS, new CreateTopicsHandler(topics, topicConfigs, config, cluster, admin))
                .register(ApiKeys.DELETE_TOPICS, new DeleteTopicsHandler(topics, config, admin))
                .register(ApiKeys.CREATE_PARTITIONS, new CreatePartitionsHandler(topics, cluster, admin))
                .register(ApiKeys.ALTER_CONFIGS, new AlterConfigsHandler(topics, admin))
                .register(ApiKeys.INCREMENTAL_ALTER_CONFIGS, new IncrementalAlterConfigsHandler(topics, topicConfigs, admin));
    }

    private ApiDispatcher apis(BrokerMetadata metadata, TopicRegistry topics, PartitionRegistry partitions,
                               TopicConfigs topicConfigs, ClusterView cluster, ExecutorService admin,
                               FetchHandler fetches, ControllerDriver controller,
                               ProducerIdAllocator producerIds, ApiDispatcher controllerApis,
                               ControllerRouter toController, OffsetsTopic offsetsTopic, GroupCoordinator groups) {
        ApiDispatcher dispatcher = new ApiDispatcher();
        dispatcher
                .register(ApiKeys.API_VERSIONS, new ApiVersionsHandler(dispatcher::apiVersions))
                .register(ApiKeys.METADATA, new MetadataHandler(topics, metadata::image, cluster, config, toController))
                .register(ApiKeys.PRODUCE, (short) 0, new ProduceHandler(topics, partitions))
                .register(ApiKeys.FETCH, fetches)
                .register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(partitions))
                .register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(partitions))
                .register(ApiKeys.ALTER_PARTITION, new AlterPartitionHandler(controller::submit))
                .register(ApiKeys.ALLOCATE_PRODUCER_IDS, new AllocateProducerIdsHandler(controller::submit))
                .register(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds, admin))
                .register(ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsHandler(topics, topicConfigs, config, cluster))
                .register(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(cluster))
                .register(ApiKeys.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(config.dataDir(), partitions::all))
                .register(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(partitions, admin))
                .register(ApiKeys.FIND_COORDINATOR, new FindCoordinatorHandler(offsetsTopic,
                        tp -> metadata.image().partition(tp), cluster))
                .register(ApiKeys.JOIN_GROUP, new JoinGroupHandler(groups))
                .register(ApiKeys.SYNC_GROUP, new SyncGroupHandler(groups))
                .register(ApiKeys.HEARTBEAT, new HeartbeatHandler(groups))
                .register(ApiKeys.LEAVE_GROUP, new LeaveGroupHandler(groups))
                .register(ApiKeys.OFFSET_COMMIT, new OffsetCommitHandler(groups, topics))
                .register(ApiKeys.OFFSET_FETCH, new OffsetFetchHandler(groups, topics))
                .register(ApiKeys.DESCRIBE_GROUPS, new DescribeGroupsHandler(groups))
                .register(ApiKeys.LIST_GROUPS, new ListGroupsHandler(groups))
                .register(ApiKeys.DELETE_GROUPS, new DeleteGroupsHandler(groups))
                .register(ApiKeys.OFFSET_DELETE, new OffsetDeleteHandler(groups))
                .register(ApiKeys.ENVELOPE, new EnvelopeHandler(controllerApis, controllerApis.registrations().keySet(),
                        controller::isActive, metadata::image));
        for (ApiKeys api : controllerApis.registrations().keySet()) {
            dispatcher.register(api, toController::handle);
        }
        return dispatcher;
    }

    /**
     * Stops gracefully: stops accepting connections and lets the event loops write what is
     * answered, lets admin work under way finish, flushes and closes every log, releases the
     * data directory. Idempotent.
     */
    public void stop() {
        if (running == null) {
            return;
        }
        stopping = true;
        closeStarted();
        running = null;
        LOG.info(() -> "Broker " + config.nodeId() + " stopped");
    }

    private void closeStarted() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Stopping " + component + " failed", e);
            }
        }
    }

    private static void shutdown(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    /** The address the listener is bound to (its port is the real one when 0 was configured). */
    public InetSocketAddress boundAddress() {
        return requireRunning().bound;
    }

    /** The bootstrap address clients should use: the advertised listener. */
    public Endpoint advertisedListener() {
        return requireRunning().advertised;
    }

    public ClusterView cluster() {
        return requireRunning().cluster;
    }

    public TopicRegistry topics() {
        return requireRunning().topics;
    }

    public PartitionRegistry partitions() {
        return requireRunning().partitions;
    }

    /** The consumer-group coordinator of this broker. */
    public GroupCoordinator groups() {
        return requireRunning().groups;
    }

    /** Fetches waiting for data (long polls) right now. */
    public int waitingFetches() {
        return requireRunning().fetches.waitingFetches();
    }

    public boolean isRunning() {
        return running != null;
    }

    // ================================================================ for operators: health and metrics

    /**
     * Whether clients can be served: started (logs recovered, listener bound), registered in
     * the cluster's metadata, a controller known, and not stopping.
     */
    public boolean isReady() {
        Running current = running;
        return current != null && !stopping
                && current.metadata.image().aliveBroker(current.self.id()).isPresent()
                && current.cluster.controllerId() >= 0;
    }

    /**
     * Whether the Kafka listener accepts connections and each of its event loops runs a task
     * within {@code timeout}. False when the broker is not running. Blocks up to {@code timeout}.
     */
    public boolean listenerRespondsWithin(Duration timeout) {
        Running current = running;
        return current != null && current.listener.respondsWithin(timeout);
    }

    /** This broker's counters: traffic per topic, requests per API, ISR changes. */
    public BrokerMetrics metrics() {
        return metrics;
    }

    /** Whether this broker is the cluster's controller now. */
    public boolean isActiveController() {
        Running current = running;
        return current != null && current.controller.isActive();
    }

    /** The partitions this broker leads whose in-sync replicas are fewer than their replicas. */
    public int underReplicatedPartitions() {
        Running current = running;
        if (current == null) {
            return 0;
        }
        int count = 0;
        for (Partition partition : current.partitions.all()) {
            if (partition.isLeader() && partition.inSyncReplicas().size() < partition.replicas().size()) {
                count++;
            }
        }
        return count;
    }

    /**
     * How far each consumer group coordinated here is behind: for each group, the sum over its
     * committed partitions that this broker leads of high watermark minus committed offset. (A
     * partition led by another broker is left out: its high watermark is known there.) Completes
     * on the group coordinator's thread; fails while a group partition is still loading.
     */
    public CompletableFuture<Map<String, Long>> groupLags() {
        Running current = running;
        if (current == null) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return current.groups.queryAll(shard -> List.copyOf(shard.committedOffsets().entrySet()))
                .thenApply(groups -> {
                    Map<String, Long> lags = new TreeMap<>();
                    for (Map.Entry<String, Map<TopicPartition, Long>> group : groups) {
                        long lag = 0;
                        for (Map.Entry<TopicPartition, Long> committed : group.getValue().entrySet()) {
                            Partition partition = current.partitions.get(committed.getKey()).orElse(null);
                            if (partition != null && partition.isLeader()) {
                                lag += Math.max(0, partition.highWatermark() - committed.getValue());
                            }
                        }
                        lags.put(group.getKey(), lag);
                    }
                    return lags;
                });
    }

    public BrokerConfig config() {
        return config;
    }

    private Running requireRunning() {
        Running current = running;
        if (current == null) {
            throw new IllegalStateException("Broker " + config.nodeId() + " is not running");
        }
        return current;
    }

    /** The parts of a started broker that the accessors expose. */
    private record Running(InetSocketAddress bound, Endpoint advertised, ClusterView cluster,
                           TopicRegistry topics, PartitionRegistry partitions, FetchHandler fetches,
                           GroupCoordinator groups, KafkaListener listener, ControllerDriver controller,
                           BrokerMetadata metadata, BrokerRegistration self) {
    }
}
