package dev.katka.examples.chat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.katka.connector.TopicReader;
import dev.katka.connector.deployment.AdapterOnPayaraMicro;
import dev.katka.connector.deployment.KatkaBrokerExtension;
import dev.katka.connector.deployment.PayaraMicroApplications;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    void whatIsSaidInARoomIsPublishedToKatkaAndArchivedInTheOrderSaid() {
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

        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(KatkaBrokerExtension.bootstrapServers(), ChatService.TOPIC, 11);
        assertThat(records).filteredOn(r -> new String(r.key(), UTF_8).equals("kitchen")).hasSize(10)
                .allSatisfy(r -> assertThat(new String(r.value(), UTF_8)).contains("\"author\":\"ada\"").contains("\"room\":\"kitchen\""));
    }

    @Test
    void aMessageWithoutAnAuthorIsRefusedWithAReason() {
        HttpResponse<String> refused = post("api/rooms/kitchen/messages", "{\"text\":\"who said this?\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("needs an author");
    }

    private List<String> storedTexts(String room) {
        HttpResponse<String> stored = PayaraMicroApplications.get(container, "chat", "api/rooms/" + room + "/messages");
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        List<?> messages = JSON.fromJson(stored.body(), List.class);
        return messages.stream().map(m -> (String) ((Map<?, ?>) m).get("text")).toList();
    }

    private HttpResponse<String> post(String path, String json) {
        return PayaraMicroApplications.post(container, "chat", path, "application/json", json);
    }
}
