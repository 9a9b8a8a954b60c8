package dev.katka.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.connector.deployment.AdapterOnPayaraMicro;
import dev.katka.connector.deployment.KatkaBrokerExtension;
import dev.katka.connector.deployment.PayaraMicroApplications;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The chat example as a user runs it: the built chat.war on Payara Micro next to the Katka
 * resource adapter, a Katka broker found through {@code KATKA_BOOTSTRAP_SERVERS}.
 */
@AdapterOnPayaraMicro
class ChatIT {

    private static final Jsonb JSON = JsonbBuilder.create();

    @Deployment(testable = false)
    static WebArchive chat() {
        return ShrinkWrap.create(ZipImporter.class, "chat.war")
                .importFrom(new File(System.getProperty("katka.it.war")))
                .as(WebArchive.class);
    }

    @ArquillianResource
    URL container;

    @Test
    void whatIsSaidInARoomIsPublishedToKatkaAndArchivedInTheOrderSaid() throws Exception {
        long previousOffset = -1;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> said = post("api/rooms/kitchen/messages", "{\"author\":\"ada\",\"text\":\"message " + i + "\"}");
            assertThat(said.statusCode()).as(said.body()).isEqualTo(201);
            Map<?, ?> written = JSON.fromJson(said.body(), Map.class);
            assertThat(written.get("topic")).isEqualTo("chat");
            long offset = ((Number) written.get("offset")).longValue();
            assertThat(offset).as("a room is one key, so one partition, in order").isGreaterThan(previousOffset);
            previousOffset = offset;
        }
        assertThat(post("api/rooms/hall/messages", "{\"author\":\"bob\",\"text\":\"elsewhere\"}").statusCode()).isEqualTo(201);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("message " + i);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(storedTexts("kitchen")).containsExactlyElementsOf(expected));
        assertThat(storedTexts("hall")).containsExactly("elsewhere");

        List<ConsumerRecord<String, String>> records = readChatTopic(11);
        assertThat(records).filteredOn(r -> r.key().equals("kitchen")).hasSize(10)
                .allSatisfy(r -> assertThat(r.value()).contains("\"author\":\"ada\"").contains("\"room\":\"kitchen\""));
    }

    @Test
    void aMessageWithoutAnAuthorIsRefusedWithAReason() throws Exception {
        HttpResponse<String> refused = post("api/rooms/kitchen/messages", "{\"text\":\"who said this?\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("needs an author");
    }

    private List<String> storedTexts(String room) throws IOException, InterruptedException {
        HttpResponse<String> stored = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(PayaraMicroApplications.uri(container, "chat", "api/rooms/" + room + "/messages")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        List<?> messages = JSON.fromJson(stored.body(), List.class);
        return messages.stream().map(m -> (String) ((Map<?, ?>) m).get("text")).toList();
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(PayaraMicroApplications.uri(container, "chat", path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<ConsumerRecord<String, String>> readChatTopic(int count) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KatkaBrokerExtension.bootstrapServers());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "chat-it-reader");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(ChatService.TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }
}
