package dev.katka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.katka.config.BrokerConfig;
import dev.katka.group.OffsetsTopic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Consumer groups as unmodified kafka-clients 4 use them: consumers with {@code subscribe()} and a
 * {@code group.id} share partitions, hand them over when one leaves, and resume at their committed
 * offsets after a broker restart; a member killed without leaving loses its partitions after its
 * session timeout; the admin client lists, describes and deletes groups.
 */
class ConsumerGroupsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private TestBroker broker;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        // No initial delay: the first rebalance of a group completes as soon as its members joined.
        broker = TestBroker.start(dataDir, Map.of(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, "0"));
    }

    @AfterEach
    void stopBroker() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        broker.close();
    }

    @Test
    void consumersOfOneGroupSharePartitionsAndTakeOverFromOneThatLeaves() throws Exception {
        createTopic("shared", 6);
        Set<String> produced = new HashSet<>(produce("shared", 0, 300));
        List<KafkaConsumer<String, String>> consumers = List.of(consumer("sharing"), consumer("sharing"),
                consumer("sharing"));
        consumers.forEach(c -> c.subscribe(List.of("shared")));
        Set<String> consumed = new HashSet<>();

        pollUntil(consumers, consumed, () -> consumers.stream().allMatch(c -> c.assignment().size() == 2)
                && disjointAndComplete(consumers, 6));
        KafkaConsumer<String, String> leaving = consumers.get(2);
        pollUntil(consumers, consumed, () -> consumed.containsAll(produced));
        leaving.close();
        List<KafkaConsumer<String, String>> remaining = consumers.subList(0, 2);
        produced.addAll(produce("shared", 300, 300));

        pollUntil(remaining, consumed, () -> remaining.stream().allMatch(c -> c.assignment().size() == 3)
                && disjointAndComplete(remaining, 6) && consumed.containsAll(produced));
        assertThat(consumed).isEqualTo(produced);
    }

    @Test
    void aKilledMemberIsReplacedWithinItsSessionTimeoutAndNoRecordIsSkipped() throws Exception {
        createTopic("crash", 6);
        Set<String> produced = new HashSet<>(produce("crash", 0, 300));
        int sessionTimeoutMs = 6000;
        Map<String, Object> session = Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeoutMs);
        List<KafkaConsumer<String, String>> survivors = List.of(consumer("surviving", session), consumer("surviving", session));
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        try (MemberProcess doomed = MemberProcess.start(broker.bootstrapServers(), "surviving", "crash", sessionTimeoutMs, consumed)) {
            await().atMost(DEADLINE).until(doomed::hasPartitions);
            survivors.forEach(c -> c.subscribe(List.of("crash")));
            pollUntil(survivors, consumed, () -> survivors.stream().allMatch(c -> c.assignment().size() == 2)
                    && doomed.partitions() == 2 && consumed.containsAll(produced));

            doomed.kill();
            long killedAt = System.nanoTime();
            produced.addAll(produce("crash", 300, 300));
            pollUntil(survivors, consumed, () -> survivors.stream().allMatch(c -> c.assignment().size() == 3)
                    && disjointAndComplete(survivors, 6));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            // The coordinator notices the silence after the session timeout; the survivors learn of
            // the rebalance from their next heartbeat (500 ms) and rejoin.
            assertThat(takeover).as("partitions of the killed member moved after %s", takeover)
                    .isLessThan(Duration.ofMillis(sessionTimeoutMs).plusSeconds(5));
        }
        pollUntil(survivors, consumed, () -> consumed.containsAll(produced));
        assertThat(consumed).isEqualTo(produced);
    }

    @ParameterizedTest
    @ValueSource(classes = {RangeAssignor.class, RoundRobinAssignor.class, StickyAssignor.class,
            CooperativeStickyAssignor.class})
    void everyClientSideAssignorSharesThePartitions(Class<?> assignorClass) throws Exception {
        String assignor = assignorClass.getSimpleName().toLowerCase();
        createTopic("assigned-" + assignor, 4);
        Map<String, Object> settings = Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignorClass.getName());
        List<KafkaConsumer<String, String>> consumers = List.of(consumer("by-" + assignor, settings),
                consumer("by-" + assignor, settings));
        consumers.forEach(c -> c.subscribe(List.of("assigned-" + assignor)));

        pollUntil(consumers, new HashSet<>(), () -> consumers.stream().allMatch(c -> c.assignment().size() == 2)
                && disjointAndComplete(consumers, 4));
    }

    @Test
    void committedOffsetsSurviveABrokerRestart() throws Exception {
        createTopic("durable", 1);
        produce("durable", 0, 10);
        try (KafkaConsumer<String, String> first = consumer("resuming")) {
            first.subscribe(List.of("durable"));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            await().atMost(DEADLINE).until(() -> {
                first.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() == 10;
            });
            first.commitSync();
        }
        produce("durable", 10, 5);

        broker.stop();
        broker.startAgain();

        try (Admin admin = Admin.create(broker.clientProperties())) {
            await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> assertThat(admin
                    .listConsumerGroupOffsets("resuming").partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition("durable", 0)).offset()).isEqualTo(10));
        }
        try (KafkaConsumer<String, String> second = consumer("resuming")) {
            second.subscribe(List.of("durable"));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            await().atMost(DEADLINE).until(() -> {
                second.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() >= 5;
            });
            assertThat(read).extracting(ConsumerRecord::offset).containsExactly(10L, 11L, 12L, 13L, 14L);
        }
    }

    @Test
    void adminListsDescribesAndDeletesGroups() throws Exception {
        createTopic("watched", 2);
        produce("watched", 0, 4);
        Admin admin = admin();
        KafkaConsumer<String, String> member = consumer("described");
        member.subscribe(List.of("watched"));
        pollUntil(List.of(member), new HashSet<>(), () -> member.assignment().size() == 2);
        member.commitSync(Map.of(new TopicPartition("watched", 0), new OffsetAndMetadata(3, "note")));

        Collection<GroupListing> listed = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get();
        assertThat(listed).filteredOn(g -> g.groupId().equals("described")).singleElement()
                .satisfies(g -> assertThat(g.groupState()).contains(GroupState.STABLE))
                .satisfies(g -> assertThat(g.protocol()).isEqualTo("consumer"));
        @SuppressWarnings("deprecation") // still what many tools call
        Collection<org.apache.kafka.clients.admin.ConsumerGroupListing> consumerGroups =
                admin.listConsumerGroups().all().get();
        assertThat(consumerGroups).extracting(org.apache.kafka.clients.admin.ConsumerGroupListing::groupId)
                .contains("described");
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of("described"))
                .describedGroups().get("described").get();
        assertThat(description.groupState()).isEqualTo(GroupState.STABLE);
        assertThat(description.members()).singleElement().satisfies(m -> assertThat(m.assignment().topicPartitions())
                .containsExactlyInAnyOrder(new TopicPartition("watched", 0), new TopicPartition("watched", 1)));
        assertThat(admin.listConsumerGroupOffsets("described").partitionsToOffsetAndMetadata().get())
                .containsEntry(new TopicPartition("watched", 0), new OffsetAndMetadata(3, "note"));
        assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("described")).all().get())
                .hasCauseInstanceOf(GroupNotEmptyException.class);

        member.close();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(admin.describeConsumerGroups(List.of("described"))
                .describedGroups().get("described").get().groupState()).isEqualTo(GroupState.EMPTY));
        admin.deleteConsumerGroups(List.of("described")).all().get();

        assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).doesNotContain("described");
        assertThat(admin.listConsumerGroupOffsets("described").partitionsToOffsetAndMetadata().get()).isEmpty();
    }

    @Test
    void kcatConsumesAsAGroupMemberAndCommits() throws Exception {
        Assumptions.assumeTrue(new java.io.File("/usr/bin/kcat").canExecute() || onPath("kcat"), "kcat is not installed");
        createTopic("balanced", 3);
        Set<String> produced = new HashSet<>(produce("balanced", 0, 30));

        Process kcat = new ProcessBuilder("kcat", "-b", broker.bootstrapServers(), "-G", "kcat-group", "balanced",
                "-o", "beginning", "-c", "30", "-f", "%s\\n", "-q").redirectErrorStream(false).start();
        assertThat(kcat.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("kcat exits after 30 records").isTrue();
        String output = new String(kcat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(output.lines().toList()).containsExactlyInAnyOrderElementsOf(produced);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(admin().listConsumerGroupOffsets("kcat-group")
                .partitionsToOffsetAndMetadata().get().values().stream().mapToLong(OffsetAndMetadata::offset).sum())
                .isEqualTo(30));
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> new java.io.File(dir, command).canExecute());
    }

    @Test
    void offsetsTopicIsCompactedInternalAndHoldsEveryGroup() throws Exception {
        try (KafkaConsumer<String, String> member = consumer("creator")) {
            member.commitSync(Map.of(new TopicPartition("anything", 0), new OffsetAndMetadata(1)));
        }
        var topic = broker.broker().topics().require(OffsetsTopic.NAME);

        assertThat(topic.partitionCount()).isEqualTo(50);
        assertThat(topic.configs()).containsEntry("cleanup.policy", "compact");
    }

    // ================================================================ helpers

    /** Polls every consumer in turn, committing what each got, until {@code done}. */
    private static void pollUntil(List<KafkaConsumer<String, String>> consumers, Set<String> consumed,
                                  java.util.concurrent.Callable<Boolean> done) {
        await().atMost(DEADLINE).until(() -> {
            for (KafkaConsumer<String, String> consumer : consumers) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(50));
                records.forEach(r -> consumed.add(r.value()));
                try {
                    consumer.commitSync();
                } catch (CommitFailedException | RebalanceInProgressException rebalancing) {
                    // the next poll rejoins; its records come again
                }
            }
            return done.call();
        });
    }

    /** A {@link GroupMemberProcess}: what it consumed goes into a set, it can be killed (SIGKILL). */
    private static final class MemberProcess implements AutoCloseable {
        private final Process process;
        private volatile int partitions = -1;

        private MemberProcess(Process process, Set<String> consumed) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (var lines = process.inputReader()) {
                    lines.lines().forEach(line -> {
                        if (line.startsWith("consumed ")) {
                            consumed.add(line.substring("consumed ".length()));
                        } else if (line.startsWith("assigned ")) {
                            partitions = Integer.parseInt(line.substring("assigned ".length()));
                        }
                    });
                } catch (java.io.IOException | java.io.UncheckedIOException ended) {
                    // the process is gone
                }
            }, "member-process-output");
            reader.setDaemon(true);
            reader.start();
        }

        static MemberProcess start(String bootstrap, String group, String topic, int sessionTimeoutMs, Set<String> consumed)
                throws java.io.IOException {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    GroupMemberProcess.class.getName(), bootstrap, group, topic, String.valueOf(sessionTimeoutMs))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new MemberProcess(process, consumed);
        }

        boolean hasPartitions() {
            return partitions > 0;
        }

        int partitions() {
            return partitions;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }

    private static boolean disjointAndComplete(List<KafkaConsumer<String, String>> consumers, int partitions) {
        Set<TopicPartition> all = new HashSet<>();
        int total = 0;
        for (KafkaConsumer<String, String> consumer : consumers) {
            all.addAll(consumer.assignment());
            total += consumer.assignment().size();
        }
        return all.size() == partitions && total == partitions;
    }

    private void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
        admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    private Admin admin;

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(broker.clientProperties());
            clients.add(admin);
        }
        return admin;
    }

    /** Sends {@code count} records with values "{topic}-{first + i}", spread over the partitions by key. */
    private List<String> produce(String topic, int first, int count) {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<String> values = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (int i = first; i < first + count; i++) {
                String value = topic + "-" + i;
                producer.send(new ProducerRecord<>(topic, "key-" + i, value));
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return consumer(group, Map.of());
    }

    private KafkaConsumer<String, String> consumer(String group, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>();
        broker.clientProperties().forEach((k, v) -> properties.put((String) k, v));
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Members learn of a rebalance from their next heartbeat: sooner than the default 3 s.
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.putAll(overrides);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties);
        clients.add(consumer);
        return consumer;
    }
}
