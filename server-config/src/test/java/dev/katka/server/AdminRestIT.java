package dev.katka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin REST API on a real broker on Payara Micro, as the console and scripts use it: topics,
 * configs, partitions, messages (produced through the API and by kafka-clients), consumer groups
 * with lag and offset resets, problem responses for bad input, and the OpenAPI document.
 *
 * <p>Every request carries HTTP BASIC credentials of the admin user whose password the broker
 * gets from {@code KATKA_ADMIN_PASSWORD}, as the API requires once login is in place.
 */
class AdminRestIT {

    private static final String PASSWORD = "it-" + UUID.randomUUID();

    @RegisterExtension
    static final KatkaBrokerExtension BROKER = new KatkaBrokerExtension(broker -> broker
            .withEnv("KATKA_ADMIN_PASSWORD", PASSWORD)
            .withEnv("KATKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"));

    private static BrokerHttp http;

    @BeforeAll
    static void connect() {
        http = new BrokerHttp(BROKER.broker());
    }

    @Test
    void topicsAreCreatedListedSearchedAndDescribed() {
        Answer created = post("/api/v1/topics",
                "{\"name\":\"rest-orders\",\"partitions\":2,\"replicationFactor\":1,\"configs\":{\"retention.ms\":\"86400000\"}}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/v1/topics/rest-orders");
        assertThat(get("/api/v1/topics?search=REST-ORD").array()).singleElement().satisfies(topic -> {
            assertThat(topic.asJsonObject().getString("name")).isEqualTo("rest-orders");
            assertThat(topic.asJsonObject().getInt("partitions")).isEqualTo(2);
            assertThat(topic.asJsonObject().getInt("replicationFactor")).isEqualTo(1);
            assertThat(topic.asJsonObject().getInt("underReplicatedPartitions")).isZero();
        });
        JsonObject topic = get("/api/v1/topics/rest-orders").object();
        assertThat(topic.getJsonArray("partitions")).hasSize(2);
        JsonObject partition = topic.getJsonArray("partitions").getJsonObject(0);
        assertThat(partition.getInt("leader")).isEqualTo(partition.getJsonArray("isr").getInt(0));
        assertThat(partition.getJsonNumber("logEndOffset").longValue()).isZero();
        assertThat(partition.containsKey("sizeBytes")).isTrue();
        assertThat(config(topic.getJsonArray("configs"), "retention.ms").getString("value")).isEqualTo("86400000");
    }

    @Test
    void messagesProducedThroughTheApiAndByKafkaClientsAreBrowsedNewestOrOldestFirst() throws Exception {
        createTopic("rest-chat", 1);
        Answer sent = post("/api/v1/topics/rest-chat/messages",
                "{\"key\":\"alice\",\"value\":\"hello\",\"headers\":{\"source\":\"rest\"},\"partition\":0}");
        try (var producer = new KafkaProducer<>(clientProperties(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("rest-chat", "bob", "{\"n\":1}")).get();
        }

        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.object().getInt("partition")).isZero();
        assertThat(sent.object().getJsonNumber("offset").longValue()).isZero();
        JsonArray newest = get("/api/v1/topics/rest-chat/messages?order=newest&limit=10").array();
        assertThat(newest).extracting(m -> m.asJsonObject().getString("key")).containsExactly("bob", "alice");
        JsonObject alice = newest.getJsonObject(1);
        assertThat(alice.getString("value")).isEqualTo("hello");
        assertThat(alice.getJsonNumber("timestamp").longValue()).isEqualTo(sent.object().getJsonNumber("timestamp").longValue());
        assertThat(alice.getJsonArray("headers")).singleElement().satisfies(header -> {
            assertThat(header.asJsonObject().getString("name")).isEqualTo("source");
            assertThat(header.asJsonObject().getString("value")).isEqualTo("rest");
        });
        JsonArray oldestHex = get("/api/v1/topics/rest-chat/messages?partition=0&offset=0&order=oldest&limit=1&format=hex").array();
        assertThat(oldestHex).singleElement().satisfies(message -> {
            assertThat(message.asJsonObject().getString("value")).isEqualTo("68656c6c6f");
            assertThat(message.asJsonObject().getString("valueFormat")).isEqualTo("hex");
        });
        JsonObject bobAsJson = get("/api/v1/topics/rest-chat/messages?limit=1&format=json").array().getJsonObject(0);
        assertThat(bobAsJson.getString("valueFormat")).isEqualTo("json");
        assertThat(Json.createReader(new StringReader(bobAsJson.getString("value"))).readObject().getInt("n")).isEqualTo(1);
    }

    @Test
    void aPartitionIsPurgedBelowAnOffsetThenTheWholeTopic() {
        createTopic("rest-purged", 1);
        for (int i = 0; i < 3; i++) {
            post("/api/v1/topics/rest-purged/messages", "{\"value\":\"m" + i + "\",\"partition\":0}");
        }

        Answer belowTwo = delete("/api/v1/topics/rest-purged/messages?partition=0&beforeOffset=2");
        Answer beyond = delete("/api/v1/topics/rest-purged/messages?partition=0&beforeOffset=9");
        JsonArray left = get("/api/v1/topics/rest-purged/messages?order=oldest").array();
        Answer all = delete("/api/v1/topics/rest-purged/messages");

        assertThat(belowTwo.status()).as(belowTwo.body()).isEqualTo(200);
        assertThat(belowTwo.array()).singleElement().satisfies(p -> {
            assertThat(p.asJsonObject().getInt("partition")).isZero();
            assertThat(p.asJsonObject().getJsonNumber("logStartOffset").longValue()).isEqualTo(2);
        });
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.object().getString("detail"))
                .isEqualTo("beforeOffset 9 lies beyond the end of partition 0 of topic 'rest-purged' (offset 3)");
        assertThat(left).extracting(m -> m.asJsonObject().getString("value")).containsExactly("m2");
        assertThat(left.getJsonObject(0)).as("a keyless message says so: nulls are written").containsKey("key");
        assertThat(left.getJsonObject(0).isNull("key")).isTrue();
        assertThat(all.array().getJsonObject(0).getJsonNumber("logStartOffset").longValue()).isEqualTo(3);
        assertThat(get("/api/v1/topics/rest-purged/messages").array()).isEmpty();
        assertThat(get("/api/v1/topics/rest-purged").object().getJsonArray("partitions").getJsonObject(0)
                .getJsonNumber("logStartOffset").longValue()).isEqualTo(3);
    }

    @Test
    void configsAreEditedAndPartitionsAdded() {
        createTopic("rest-tuned", 1);

        Answer set = patch("/api/v1/topics/rest-tuned/configs", "{\"retention.ms\":\"1000\"}");
        Answer reset = patch("/api/v1/topics/rest-tuned/configs", "{\"retention.ms\":null}");
        Answer grown = post("/api/v1/topics/rest-tuned/partitions", "{\"count\":3}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(config(set.array(), "retention.ms").getString("value")).isEqualTo("1000");
        assertThat(config(set.array(), "retention.ms").getString("source")).isEqualTo("DYNAMIC_TOPIC_CONFIG");
        assertThat(config(reset.array(), "retention.ms").getString("source")).isNotEqualTo("DYNAMIC_TOPIC_CONFIG");
        assertThat(grown.status()).isEqualTo(200);
        assertThat(grown.object().getJsonArray("partitions")).hasSize(3);
        assertThat(get("/api/v1/topics/rest-tuned").object().getJsonArray("partitions")).hasSize(3);
    }

    @Test
    void aGroupShowsItsLagAndIsResetAndDeletedOnlyWithoutMembers() throws Exception {
        createTopic("rest-lag", 1);
        try (var producer = new KafkaProducer<>(clientProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("rest-lag", "k", "v" + i)).get();
            }
        }
        Properties properties = clientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "rest-billing");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var member = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            member.subscribe(List.of("rest-lag"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            member.commitSync(Map.of(new TopicPartition("rest-lag", 0), new OffsetAndMetadata(2)));

            JsonObject group = get("/api/v1/groups/rest-billing").object();
            assertThat(group.getJsonNumber("totalLag").longValue()).isEqualTo(3);
            assertThat(group.getJsonArray("members")).hasSize(1);
            assertThat(group.getJsonArray("members").getJsonObject(0).getJsonArray("assignments")).hasSize(1);
            JsonObject offsets = group.getJsonArray("offsets").getJsonObject(0);
            assertThat(offsets.getJsonNumber("committedOffset").longValue()).isEqualTo(2);
            assertThat(offsets.getJsonNumber("logEndOffset").longValue()).isEqualTo(5);
            assertThat(offsets.getJsonNumber("lag").longValue()).isEqualTo(3);

            Answer refused = post("/api/v1/groups/rest-billing/offsets/reset", "{\"to\":\"earliest\"}");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.object().getString("detail")).contains("group 'rest-billing' has 1 active members");
        }

        assertThat(get("/api/v1/groups").array()).anySatisfy(summary -> {
            assertThat(summary.asJsonObject().getString("groupId")).isEqualTo("rest-billing");
            assertThat(summary.asJsonObject().getJsonNumber("totalLag").longValue()).isEqualTo(3);
            assertThat(summary.asJsonObject().getInt("members")).isZero();
        });
        Answer reset = post("/api/v1/groups/rest-billing/offsets/reset", "{\"to\":\"earliest\"}");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.array().getJsonObject(0).getJsonNumber("committedOffset").longValue()).isZero();
        assertThat(reset.array().getJsonObject(0).getJsonNumber("lag").longValue()).isEqualTo(5);
        assertThat(delete("/api/v1/groups/rest-billing").status()).isEqualTo(204);
        assertThat(get("/api/v1/groups/rest-billing").status()).isEqualTo(404);
    }

    @Test
    void aDeletedTopicIsNotFound() {
        createTopic("rest-doomed", 1);

        assertThat(delete("/api/v1/topics/rest-doomed").status()).isEqualTo(204);

        Answer gone = get("/api/v1/topics/rest-doomed");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(gone.object().getString("detail")).isEqualTo("topic 'rest-doomed' does not exist");
    }

    @Test
    void badInputIsAProblemNamingTheValueWithoutAStackTrace() {
        Answer zero = post("/api/v1/topics", "{\"name\":\"rest-zero\",\"partitions\":0}");
        Answer notANumber = get("/api/v1/topics/rest-orders/messages?limit=many");
        Answer notJson = post("/api/v1/topics", "{\"name\":");
        Answer noSuchPath = get("/api/v1/nothing-here");

        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.contentType()).startsWith("application/problem+json");
        assertThat(zero.object().getString("detail")).isEqualTo("partitions must be at least 1, not 0");
        assertThat(zero.object().getInt("status")).isEqualTo(400);
        assertThat(zero.object().getString("title")).isEqualTo("Bad Request");
        assertThat(zero.object().getString("type")).isEqualTo("about:blank");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.object().getString("detail")).isEqualTo("limit must be a whole number, not 'many'");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).startsWith("application/problem+json");
        assertThat(noSuchPath.status()).isEqualTo(404);
        for (Answer answer : List.of(zero, notANumber, notJson, noSuchPath)) {
            assertThat(answer.body()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void theClusterAndItsBrokerAreShown() {
        JsonObject cluster = get("/api/v1/cluster").object();
        JsonArray brokers = get("/api/v1/brokers").array();

        assertThat(cluster.getString("clusterId")).isNotBlank();
        assertThat(cluster.getInt("brokers")).isEqualTo(1);
        assertThat(cluster.getInt("offlinePartitions")).isZero();
        assertThat(brokers).singleElement().satisfies(broker -> {
            assertThat(broker.asJsonObject().getInt("id")).isEqualTo(cluster.getInt("controllerId"));
            assertThat(broker.asJsonObject().getBoolean("alive")).isTrue();
            assertThat(broker.asJsonObject().getBoolean("controller")).isTrue();
            assertThat(broker.asJsonObject().getInt("port")).isEqualTo(BROKER.broker().kafkaPort());
        });
        int id = cluster.getInt("controllerId");
        assertThat(get("/api/v1/brokers/" + id).object().getInt("id")).isEqualTo(id);
        assertThat(get("/api/v1/brokers/" + (id + 100)).status()).isEqualTo(404);
        JsonObject disk = get("/api/v1/brokers/" + id).object().getJsonObject("disk");
        assertThat(disk.getJsonNumber("volumeUsableBytes").longValue()).isPositive()
                .isLessThanOrEqualTo(disk.getJsonNumber("volumeTotalBytes").longValue());
        // The launcher sets the listener: the broker reports it as set, not as a default.
        assertThat(get("/api/v1/brokers/" + id + "/configs").array())
                .map(config -> config.asJsonObject())
                .filteredOn(config -> config.getString("name").equals("listeners"))
                .singleElement().satisfies(config -> {
                    assertThat(config.getString("value")).contains(":" + BROKER.broker().kafkaPort());
                    assertThat(config.getString("source")).isEqualTo("STATIC_BROKER_CONFIG");
                });
        assertThat(get("/api/v1/brokers/" + (id + 100) + "/configs").status()).isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentListsTheApi() {
        Answer openapi = get("/openapi");

        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.body()).contains("/api/v1/cluster", "/api/v1/brokers/{id}", "/api/v1/topics/{name}/configs",
                "/api/v1/topics/{name}/messages", "/api/v1/groups/{id}/offsets/reset");
    }

    private static void createTopic(String name, int partitions) {
        Answer created = post("/api/v1/topics", "{\"name\":\"" + name + "\",\"partitions\":" + partitions + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static JsonObject config(JsonArray configs, String name) {
        return configs.stream().map(JsonValue::asJsonObject).filter(c -> c.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no config " + name + " in " + configs));
    }

    private static Properties clientProperties() {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
        return properties;
    }

    private static Answer get(String path) {
        return send("GET", path, null);
    }

    private static Answer delete(String path) {
        return send("DELETE", path, null);
    }

    private static Answer post(String path, String json) {
        return send("POST", path, json);
    }

    private static Answer patch(String path, String json) {
        return send("PATCH", path, json);
    }

    private static Answer send(String method, String path, String json) {
        return new Answer(http.send(method, path, "admin", PASSWORD, json));
    }

    /** An HTTP response, with its body read as JSON on demand. */
    private record Answer(HttpResponse<String> response) {

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        JsonObject object() {
            return json().asJsonObject();
        }

        JsonArray array() {
            return json().asJsonArray();
        }

        private JsonStructure json() {
            try {
                return Json.createReader(new StringReader(body())).read();
            } catch (RuntimeException e) {
                throw new AssertionError("status " + status() + ", not JSON: " + body(), e);
            }
        }
    }
}
