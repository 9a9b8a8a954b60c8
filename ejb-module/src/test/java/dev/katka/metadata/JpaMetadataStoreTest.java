package dev.katka.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.metadata.MetadataStore.BrokerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JPA store against a real H2 file database, reopened the way a broker restart reopens it. */
class JpaMetadataStoreTest {

    @TempDir
    Path dataDir;

    private H2Metadata metadata;

    private MetadataStore open() {
        metadata = H2Metadata.open(dataDir);
        return metadata.store();
    }

    private MetadataStore reopen() {
        metadata.close();
        return open();
    }

    @AfterEach
    void close() {
        if (metadata != null) {
            metadata.close();
        }
    }

    @Test
    void databaseFileLivesInTheDataDirectory() {
        open().topics();
        assertThat(dataDir.resolve("metadata.mv.db")).exists();
    }

    @Test
    void identityIsRecordedOnceAndSurvivesReopen() {
        MetadataStore store = open();
        assertThat(store.identity()).isEmpty();

        store.saveIdentity(new BrokerIdentity("cluster-a", 3));
        assertThat(reopen().identity()).contains(new BrokerIdentity("cluster-a", 3));

        assertThatThrownBy(() -> metadata.store().saveIdentity(new BrokerIdentity("cluster-b", 4)))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("cluster-b")
                .hasMessageContaining("already records")
                .hasMessageContaining("cluster-a");
        assertThat(metadata.store().identity()).contains(new BrokerIdentity("cluster-a", 3));
    }

    @Test
    void topicsWithConfigsSurviveReopen() {
        MetadataStore store = open();
        TopicRecord orders = new TopicRecord(Uuid.randomUuid(), "orders", 3, (short) 1,
                Map.of("retention.ms", "1000", "cleanup.policy", "compact"));
        TopicRecord plain = new TopicRecord(Uuid.randomUuid(), "plain", 1, (short) 1, Map.of());
        store.createTopic(orders);
        store.createTopic(plain);

        assertThat(reopen().topics()).containsExactlyInAnyOrder(orders, plain);
    }

    @Test
    void configsArePartitionCountsAreUpdatedAndTopicsDeleted() {
        MetadataStore store = open();
        TopicRecord topic = new TopicRecord(Uuid.randomUuid(), "t", 1, (short) 1, Map.of("a", "1", "b", "2"));
        store.createTopic(topic);

        store.updateTopicConfigs(topic.id(), Map.of("b", "3", "c", "4"));
        store.updatePartitionCount(topic.id(), 5);
        assertThat(reopen().topics()).containsExactly(
                topic.withConfigs(Map.of("b", "3", "c", "4")).withPartitionCount(5));

        metadata.store().updateTopicConfigs(topic.id(), Map.of());
        assertThat(metadata.store().topics()).containsExactly(topic.withConfigs(Map.of()).withPartitionCount(5));

        metadata.store().deleteTopic(topic.id());
        metadata.store().deleteTopic(topic.id());
        assertThat(reopen().topics()).isEmpty();
    }

    @Test
    void aDeletedTopicsNameCanBeReusedUnderANewId() {
        MetadataStore store = open();
        TopicRecord first = new TopicRecord(Uuid.randomUuid(), "t", 1, (short) 1, Map.of("x", "1"));
        store.createTopic(first);
        store.deleteTopic(first.id());
        TopicRecord second = new TopicRecord(Uuid.randomUuid(), "t", 2, (short) 1, Map.of());
        store.createTopic(second);
        assertThat(store.topics()).containsExactly(second);
    }

    @Test
    void duplicateNamesAndIdsAreRefusedNamingTheTopic() {
        MetadataStore store = open();
        TopicRecord topic = new TopicRecord(Uuid.randomUuid(), "orders", 1, (short) 1, Map.of());
        store.createTopic(topic);

        assertThatThrownBy(() -> store.createTopic(new TopicRecord(Uuid.randomUuid(), "orders", 1, (short) 1, Map.of())))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("exists");
        assertThatThrownBy(() -> store.createTopic(new TopicRecord(topic.id(), "other", 1, (short) 1, Map.of())))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining(topic.id().toString())
                .hasMessageContaining("orders");
        assertThat(store.topics()).containsExactly(topic);
    }

    @Test
    void partitionCountsOnlyGrowAndUnknownTopicsAreNamed() {
        MetadataStore store = open();
        TopicRecord topic = new TopicRecord(Uuid.randomUuid(), "t", 4, (short) 1, Map.of());
        store.createTopic(topic);

        assertThatThrownBy(() -> store.updatePartitionCount(topic.id(), 2))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining("to 2")
                .hasMessageContaining("has 4");
        Uuid unknown = Uuid.randomUuid();
        assertThatThrownBy(() -> store.updateTopicConfigs(unknown, Map.of()))
                .isInstanceOf(MetadataStoreException.class)
                .hasMessageContaining(unknown.toString());
        assertThat(store.topics()).containsExactly(topic);
    }

    @Test
    void producerIdBlocksAreNeverReusedAcrossRestarts() {
        MetadataStore store = open();
        assertThat(store.allocateProducerIds(1000)).isEqualTo(0);
        assertThat(store.allocateProducerIds(10)).isEqualTo(1000);

        assertThat(reopen().allocateProducerIds(5)).isEqualTo(1010);
        assertThat(reopen().allocateProducerIds(1)).isEqualTo(1015);
    }

    @Test
    void aBadBlockSizeIsRefusedNamingIt() {
        MetadataStore store = open();
        assertThatThrownBy(() -> store.allocateProducerIds(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void concurrentAllocationsGetDisjointBlocks() throws Exception {
        MetadataStore store = open();
        int threads = 8;
        int blocksPerThread = 25;
        int blockSize = 7;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<Long>> allocator = () -> {
                    go.await();
                    List<Long> firsts = new ArrayList<>();
                    for (int i = 0; i < blocksPerThread; i++) {
                        firsts.add(store.allocateProducerIds(blockSize));
                    }
                    return firsts;
                };
                results.add(pool.submit(allocator));
            }
            // All threads race for the very first allocation too, which creates the row.
            go.countDown();
            Set<Long> ids = new HashSet<>();
            for (Future<List<Long>> result : results) {
                for (long first : result.get(60, TimeUnit.SECONDS)) {
                    for (long id = first; id < first + blockSize; id++) {
                        assertThat(ids.add(id)).as("producer id %d handed out twice", id).isTrue();
                    }
                }
            }
            long total = (long) threads * blocksPerThread * blockSize;
            assertThat(ids).hasSize((int) total);
            // No gaps either: the blocks tile [0, total).
            assertThat(ids.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(total - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(reopen().allocateProducerIds(1)).isEqualTo((long) threads * blocksPerThread * blockSize);
    }

    @Test
    void aStoreThatCannotBeOpenedSaysWhere() throws Exception {
        Path notADirectory = Files.createFile(dataDir.resolve("file"));
        assertThatThrownBy(() -> H2Metadata.open(notADirectory).store().topics())
                .hasStackTraceContaining("file");
    }
}
