package dev.katka.container;

import dev.katka.broker.Broker;
import dev.katka.metrics.BrokerMetrics;
import dev.katka.metrics.RequestStats;
import dev.katka.metrics.TopicTraffic;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.protocol.ApiKeys;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Exports the broker's numbers to MicroProfile Metrics (application scope), which Payara serves
 * in Prometheus text at {@code /metrics}. The broker core counts; this bridge only registers
 * gauges that read those counts when scraped, so nothing here touches the request path.
 *
 * <p>Topics, APIs and consumer groups come and go, so every {@value #SYNC_SECONDS} seconds the
 * bridge registers gauges for new ones and removes those of topics and groups that are gone; the
 * same pass refreshes the group lags, which are computed on the group coordinator's thread.
 *
 * <p>Counters that only grow are exported as gauges because MicroProfile Metrics 5 has no
 * counter that reads a value from elsewhere; their Prometheus names still end in {@code _total}.
 *
 * <p>Thread-safety: the registry is thread-safe; the sync task runs on one scheduler thread at a
 * time (fixed delay) and is the only writer of this bean's sets; {@link #groupLags} is replaced
 * whole and read by scrapes.
 */
@Startup
@Singleton
@DependsOn("BrokerLifecycle")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MetricsExport {

    private static final Logger LOG = Logger.getLogger(MetricsExport.class.getName());
    static final long SYNC_SECONDS = 2;
    /** The per-topic metrics, labelled {@code topic}. */
    private static final String[] TOPIC_METRICS = {"katka.topic.bytes.in.total", "katka.topic.messages.in.total",
        "katka.topic.bytes.out.total", "katka.topic.messages.out.total"};

    @Inject
    MetricRegistry registry;

    @Inject
    RunningBroker running;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    /** The topics exported, with the counters their gauges read (a re-created topic has new ones). */
    private final Map<String, TopicTraffic> exportedTopics = new HashMap<>();
    private final Set<ApiKeys> exportedApis = new HashSet<>();
    private final Set<String> exportedGroups = new HashSet<>();
    private volatile Map<String, Long> groupLags = Map.of();
    private ScheduledFuture<?> sync;

    @PostConstruct
    void start() {
        gauge("katka.active.controller", "1 while this broker is the cluster's controller, else 0",
                broker -> broker.isActiveController() ? 1 : 0);
        gauge("katka.under.replicated.partitions",
                "Partitions this broker leads with fewer in-sync replicas than replicas",
                Broker::underReplicatedPartitions);
        gauge("katka.isr.shrinks.total", "Times the in-sync replicas of a partition this broker leads shrank",
                broker -> broker.metrics().isrShrinks());
        gauge("katka.isr.expansions.total", "Times the in-sync replicas of a partition this broker leads grew",
                broker -> broker.metrics().isrExpansions());
        registry.gauge(Metadata.builder().withName("katka.group.lag.sum")
                        .withDescription("Records all consumer groups coordinated here have yet to consume").build(),
                () -> groupLags.values().stream().mapToLong(Long::longValue).sum());
        sync = scheduler.scheduleWithFixedDelay(this::syncSafely, 0, SYNC_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (sync != null) {
            sync.cancel(false);
        }
    }

    private void syncSafely() {
        try {
            running.get().ifPresent(this::sync);
        } catch (RuntimeException e) {
            // A failed pass leaves the gauges as they were; the next one tries again.
            LOG.log(Level.FINE, "Updating the exported metrics failed", e);
        }
    }

    private void sync(Broker broker) {
        BrokerMetrics metrics = broker.metrics();
        Map<String, TopicTraffic> topics = new HashMap<>();
        for (TopicTraffic traffic : metrics.topics()) {
            topics.put(traffic.topic(), traffic);
        }
        for (Map.Entry<String, TopicTraffic> exported : Map.copyOf(exportedTopics).entrySet()) {
            if (topics.get(exported.getKey()) != exported.getValue()) {
                exportedTopics.remove(exported.getKey());
                Tag tag = new Tag("topic", exported.getKey());
                for (String name : TOPIC_METRICS) {
                    registry.remove(new MetricID(name, tag));
                }
            }
        }
        for (TopicTraffic traffic : topics.values()) {
            if (exportedTopics.putIfAbsent(traffic.topic(), traffic) == null) {
                exportTopic(traffic);
            }
        }
        for (ApiKeys api : ApiKeys.values()) {
            if (metrics.requests().count(api) > 0 && exportedApis.add(api)) {
                exportApi(api);
            }
        }
        broker.groupLags().thenAccept(lags -> {
            groupLags = lags;
            syncGroups(lags.keySet());
        });
    }

    private void exportTopic(TopicTraffic traffic) {
        Tag tag = new Tag("topic", traffic.topic());
        topicGauge(TOPIC_METRICS[0], "Bytes producers appended to the topic on this broker", traffic,
                TopicTraffic::bytesIn, tag);
        topicGauge(TOPIC_METRICS[1], "Records producers appended to the topic on this broker", traffic,
                TopicTraffic::messagesIn, tag);
        topicGauge(TOPIC_METRICS[2], "Bytes consumers fetched from the topic on this broker", traffic,
                TopicTraffic::bytesOut, tag);
        topicGauge(TOPIC_METRICS[3], "Offsets consumers fetched from the topic on this broker", traffic,
                TopicTraffic::messagesOut, tag);
    }

    private void topicGauge(String name, String description, TopicTraffic traffic, ToLongFunction<TopicTraffic> value,
                            Tag tag) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(), traffic,
                t -> value.applyAsLong(t), tag);
    }

    /**
     * A Prometheus histogram of the API's request times: {@code _bucket} series with an {@code le}
     * label (cumulative), {@code _sum} and {@code _count}, so {@code histogram_quantile} gives
     * percentiles and {@code rate(..._count[1m])} the request rate.
     */
    private void exportApi(ApiKeys api) {
        Tag tag = new Tag("api", api.name);
        registry.gauge(Metadata.builder().withName("katka.request.seconds.count")
                        .withDescription("Requests answered, by Kafka API").build(),
                () -> requests().map(r -> r.count(api)).orElse(0L), tag);
        registry.gauge(Metadata.builder().withName("katka.request.seconds.sum")
                        .withDescription("Time from reading a request to its response being ready, summed, by Kafka API")
                        .build(),
                () -> requests().map(r -> r.totalNanos(api) / 1e9).orElse(0.0), tag);
        Metadata buckets = Metadata.builder().withName("katka.request.seconds.bucket")
                .withDescription("Requests answered within le seconds, by Kafka API").build();
        double[] bounds = RequestStats.BUCKET_BOUNDS_SECONDS;
        for (int i = 0; i < bounds.length; i++) {
            int bucket = i;
            registry.gauge(buckets, () -> requests().map(r -> r.countWithin(api, bucket)).orElse(0L), tag,
                    new Tag("le", BigDecimal.valueOf(bounds[i]).stripTrailingZeros().toPlainString()));
        }
        registry.gauge(buckets, () -> requests().map(r -> r.count(api)).orElse(0L), tag, new Tag("le", "+Inf"));
    }

    private Optional<RequestStats> requests() {
        return running.get().map(broker -> broker.metrics().requests());
    }

    private void syncGroups(Set<String> groups) {
        synchronized (exportedGroups) {
            for (String group : groups) {
                if (exportedGroups.add(group)) {
                    registry.gauge(Metadata.builder().withName("katka.group.lag")
                                    .withDescription("Records the consumer group has yet to consume, over the partitions this broker leads")
                                    .build(),
                            () -> groupLags.getOrDefault(group, 0L), new Tag("group", group));
                }
            }
            for (String gone : Set.copyOf(exportedGroups)) {
                if (!groups.contains(gone)) {
                    exportedGroups.remove(gone);
                    registry.remove(new MetricID("katka.group.lag", new Tag("group", gone)));
                }
            }
        }
    }

    private void gauge(String name, String description, ToLongFunction<Broker> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(),
                () -> running.get().map(value::applyAsLong).orElse(0L));
    }
}
