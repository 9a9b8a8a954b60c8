package dev.katka.connector.outbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.connector.TopicReader;
import dev.katka.connector.deployment.AdapterOnPayaraMicro;
import dev.katka.connector.deployment.KatkaBrokerExtension;
import dev.katka.connector.deployment.PayaraMicroApplications;
import dev.katka.connector.outbound.app.OutboundSender;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Sending as an application does it on Payara Micro: an EJB gets the connection factory its
 * application defines ({@code @ConnectionFactoryDefinition} on the deployed adapter, pooled by
 * the container) and sends; the test reads the records back from the broker.
 */
@AdapterOnPayaraMicro
class OutboundIT {

    @Deployment(testable = false)
    static WebArchive application() {
        return ShrinkWrap.create(WebArchive.class, "outbound-it.war")
                .addPackage(OutboundSender.class.getPackage());
    }

    @ArquillianResource
    URL container;

    @Test
    void aRecordSentAndAwaitedIsInTheBroker() {
        assertThat(post("send/it-text/text?key=k1", "hello")).isEqualTo("0:0");
        assertThat(post("send/it-text/text?key=k2", "again")).isEqualTo("0:1");

        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readAll(KatkaBrokerExtension.bootstrapServers(), "it-text", 2);
        assertThat(read).extracting(r -> new String(r.key(), UTF_8) + "=" + new String(r.value(), UTF_8))
                .containsExactly("k1=hello", "k2=again");
    }

    @Test
    void anObjectOfTheApplicationArrivesAsJson() {
        post("send/it-json/order?item=Fahrrad&quantity=2", "");

        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readAll(KatkaBrokerExtension.bootstrapServers(), "it-json", 1);
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(new String(r.key(), UTF_8)).isEqualTo("Fahrrad");
            assertThat(new String(r.value(), UTF_8)).isEqualTo("{\"item\":\"Fahrrad\",\"quantity\":2}");
        });
    }

    @Test
    void headersPartitionAndTimestampArriveAsSent() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KatkaBrokerExtension.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("it-headers", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        // A minute ago: a timestamp older than log.retention.ms (7 days) would have the broker's
        // retention delete the record (as Kafka's would) before it is read back.
        long timestamp = System.currentTimeMillis() - 60_000;

        assertThat(post("send/it-headers/headers?partition=2&timestamp=" + timestamp, "")).isEqualTo("2:0");

        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readAll(KatkaBrokerExtension.bootstrapServers(), "it-headers", 1);
        assertThat(read).singleElement().satisfies(r -> {
            assertThat(r.partition()).isEqualTo(2);
            assertThat(r.timestamp()).isEqualTo(timestamp);
            assertThat(new String(r.value(), UTF_8)).isEqualTo("headed");
            assertThat(new String(r.headers().lastHeader("source").value(), UTF_8)).isEqualTo("outbound-it");
            assertThat(r.headers().lastHeader("attempt").value()).containsExactly(1);
        });
    }

    @Test
    void asyncSendsAllCompleteAndArriveThoughTheConnectionClosedBeforeThey() {
        int count = 500;

        String written = post("send/it-async/async?count=" + count, "");

        assertThat(written.lines()).containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "0:" + i).toList());
        List<ConsumerRecord<byte[], byte[]>> read = TopicReader.readAll(KatkaBrokerExtension.bootstrapServers(), "it-async", count);
        assertThat(read).extracting(r -> new String(r.value(), UTF_8))
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> "async " + i).toList());
    }

    private String post(String path, String body) {
        HttpResponse<String> response = PayaraMicroApplications.post(container, "outbound-it", "api/" + path, "text/plain", body);
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }
}
