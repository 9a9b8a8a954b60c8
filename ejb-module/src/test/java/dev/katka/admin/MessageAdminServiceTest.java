package dev.katka.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.broker.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message browser and the producer of the admin API against a real broker: which records a
 * page holds in which order, how keys, values and headers are shown, and the errors it names.
 *
 * <p>Topic {@code browse}: partition 0 holds records 0-9 with timestamps T+0..T+9, partition 1
 * records 0-9 with timestamps T+100..T+109, so the newest records of the topic are partition 1's.
 */
class MessageAdminServiceTest {

    private static final long T = System.currentTimeMillis() - 60_000;

    @TempDir
    static Path dataDir;

    private static TestBroker broker;
    private static ClusterClients clients;
    private static MessageAdminService messages;

    @BeforeAll
    static void startBrokerWithRecords() throws Exception {
        broker = TestBroker.start(dataDir);
        clients = AdminTestBroker.clientsOf(broker);
        messages = new MessageAdminService(clients);
        clients.admin().createTopics(List.of(new NewTopic("browse", 2, (short) 1), new NewTopic("formats", 1, (short) 1)))
                .all().get();
        try (var producer = new KafkaProducer<>(broker.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("browse", 0, T + i, bytes("k" + i), bytes("p0-" + i))).get();
                producer.send(new ProducerRecord<>("browse", 1, T + 100 + i, bytes("k" + i), bytes("p1-" + i))).get();
            }
        }
    }

    @AfterAll
    static void stopBroker() {
        clients.close();
        broker.close();
    }

    @Test
    void newestFirstIsTheLastRecordsBeforeTheEndLatestFirst() {
        List<Message> page = messages.browse("browse", new BrowseQuery(0, null, null, "newest", 3, null));

        assertThat(page).extracting(Message::offset).containsExactly(9L, 8L, 7L);
        assertThat(page).extracting(Message::value).containsExactly("p0-9", "p0-8", "p0-7");
    }

    @Test
    void oldestFirstStartsAtTheOffsetAskedFor() {
        List<Message> page = messages.browse("browse", new BrowseQuery(0, 4L, null, "oldest", 3, null));

        assertThat(page).extracting(Message::offset).containsExactly(4L, 5L, 6L);
    }

    @Test
    void newestFirstFromAnOffsetIncludesThatOffset() {
        List<Message> page = messages.browse("browse", new BrowseQuery(0, 4L, null, "newest", 2, null));

        assertThat(page).extracting(Message::offset).containsExactly(4L, 3L);
    }

    @Test
    void allPartitionsAreMergedByTimestamp() {
        List<Message> newest = messages.browse("browse", new BrowseQuery(null, null, null, null, 3, null));
        List<Message> oldest = messages.browse("browse", new BrowseQuery(null, null, null, "oldest", 3, null));

        assertThat(newest).extracting(Message::value).containsExactly("p1-9", "p1-8", "p1-7");
        assertThat(oldest).extracting(Message::value).containsExactly("p0-0", "p0-1", "p0-2");
    }

    @Test
    void aTimestampStartsAtTheFirstRecordAtOrAfterIt() {
        List<Message> page = messages.browse("browse", new BrowseQuery(null, null, T + 105, "oldest", 20, null));

        assertThat(page).extracting(Message::value).containsExactly("p1-5", "p1-6", "p1-7", "p1-8", "p1-9");
        assertThat(page.get(0).timestamp()).isEqualTo(T + 105);
    }

    @Test
    void theDefaultLimitBoundsAPage() {
        assertThat(messages.browse("browse", BrowseQuery.all())).hasSize(20);
        assertThat(messages.browse("browse", new BrowseQuery(null, null, null, "oldest", 15, null))).hasSize(15);
    }

    @Test
    void sentMessagesAreFoundWithKeyValueAndHeaders() {
        SentMessage sent = messages.send("formats", new MessageToSend("order-1", "{\"total\": 42}",
                Map.of("source", "console"), 0));

        List<Message> json = messages.browse("formats", new BrowseQuery(0, sent.offset(), null, "oldest", 1, "json"));
        List<Message> hex = messages.browse("formats", new BrowseQuery(0, sent.offset(), null, "oldest", 1, "hex"));

        assertThat(sent.partition()).isZero();
        assertThat(json).singleElement().satisfies(message -> {
            assertThat(message.key()).isEqualTo("order-1");
            assertThat(message.keyFormat()).isEqualTo("text");
            assertThat(message.valueFormat()).isEqualTo("json");
            assertThat(message.value()).contains("\n").contains("\"total\": 42");
            assertThat(message.headers()).containsExactly(new MessageHeader("source", "console"));
            assertThat(message.timestamp()).isEqualTo(sent.timestamp());
        });
        assertThat(hex).singleElement().satisfies(message -> {
            assertThat(message.key()).isEqualTo("6f726465722d31");
            assertThat(message.valueFormat()).isEqualTo("hex");
        });
    }

    @Test
    void binaryValuesAreShownAsHexEvenAsText() throws Exception {
        long offset;
        try (var producer = new KafkaProducer<>(broker.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            offset = producer.send(new ProducerRecord<>("formats", 0, null, new byte[] {(byte) 0xff, 0x00, 0x10})).get().offset();
        }

        Message message = messages.browse("formats", new BrowseQuery(0, offset, null, "oldest", 1, "text")).get(0);

        assertThat(message.key()).isNull();
        assertThat(message.value()).isEqualTo("ff0010");
        assertThat(message.valueFormat()).isEqualTo("hex");
    }

    @Test
    void badRequestsAreRefusedNamingTheValue() {
        assertRefused(() -> messages.browse("nope", BrowseQuery.all()), AdminException.Kind.NOT_FOUND,
                "topic 'nope' does not exist");
        assertRefused(() -> messages.browse("browse", new BrowseQuery(null, null, null, null, 501, null)),
                AdminException.Kind.INVALID, "limit must be between 1 and 500, not 501");
        assertRefused(() -> messages.browse("browse", new BrowseQuery(2, null, null, null, null, null)),
                AdminException.Kind.INVALID, "partition must be between 0 and 1 for topic 'browse', not 2");
        assertRefused(() -> messages.browse("browse", new BrowseQuery(null, null, null, "sideways", null, null)),
                AdminException.Kind.INVALID, "order must be newest or oldest, not 'sideways'");
        assertRefused(() -> messages.browse("browse", new BrowseQuery(null, null, null, null, null, "xml")),
                AdminException.Kind.INVALID, "format must be text, json or hex, not 'xml'");
        assertRefused(() -> messages.send("nope", new MessageToSend("k", "v", null, null)),
                AdminException.Kind.NOT_FOUND, "topic 'nope' does not exist");
    }

    @Test
    void purgingOnePartitionBelowAnOffsetThenEveryPartitionLeavesNothingToBrowse() throws Exception {
        clients.admin().createTopics(List.of(new NewTopic("purge", 2, (short) 1))).all().get();
        for (int i = 0; i < 4; i++) {
            messages.send("purge", new MessageToSend("k", "a" + i, null, 0));
            messages.send("purge", new MessageToSend("k", "b" + i, null, 1));
        }

        assertThat(messages.purge("purge", 0, 3L)).containsExactly(new PurgedPartition(0, 3));
        assertThat(messages.browse("purge", new BrowseQuery(0, null, null, "oldest", null, null)))
                .extracting(Message::value).containsExactly("a3");

        assertThat(messages.purge("purge", null, null))
                .containsExactly(new PurgedPartition(0, 4), new PurgedPartition(1, 4));
        assertThat(messages.browse("purge", BrowseQuery.all())).isEmpty();
    }

    @Test
    void badPurgesAreRefusedNamingTheValue() {
        assertRefused(() -> messages.purge("nope", null, null), AdminException.Kind.NOT_FOUND,
                "topic 'nope' does not exist");
        assertRefused(() -> messages.purge("browse", null, 3L), AdminException.Kind.INVALID,
                "beforeOffset 3 needs a partition: offsets differ between partitions (leave both out to purge every partition)");
        assertRefused(() -> messages.purge("browse", 0, -2L), AdminException.Kind.INVALID,
                "beforeOffset must be 0 or more, not -2");
        assertRefused(() -> messages.purge("browse", 5, null), AdminException.Kind.INVALID,
                "partition must be between 0 and 1 for topic 'browse', not 5");
        assertRefused(() -> messages.purge("browse", 0, 11L), AdminException.Kind.INVALID,
                "beforeOffset 11 lies beyond the end of partition 0 of topic 'browse' (offset 10)");
    }

    static void assertRefused(Runnable call, AdminException.Kind kind, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AdminException.class, refusal -> {
            assertThat(refusal.kind()).isEqualTo(kind);
            assertThat(refusal.getMessage()).isEqualTo(message);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
