package dev.katka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web console and the REST API's login, on a real broker and in a real browser: what an
 * operator does (log in, create a topic, produce, find the message, watch a group's lag) and what
 * a viewer may not do. Screenshots of each step are in {@code target/screenshots/}.
 *
 * <p>The tests that need the REST API's data ({@code /api/v1/...}) are skipped, saying so, on a
 * build without it.
 */
class ConsoleIT {

    private static final String ADMIN_PASSWORD = "console-it-admin-secret";
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "console-it-viewer-secret";

    @RegisterExtension
    static final KatkaBrokerExtension BROKER = new KatkaBrokerExtension(broker -> {
        // The viewer is added as an operator would, with the launcher, before the start.
        Launcher.LauncherResult added = Launcher.run(
                List.of("user", "add", VIEWER, "--role", "viewer", "--users", broker.usersFile().toString()),
                Map.of("KATKA_USER_PASSWORD", VIEWER_PASSWORD), Duration.ofMinutes(1));
        assertThat(added.exitCode()).as(added.output()).isZero();
        return broker.withEnv("KATKA_ADMIN_PASSWORD", ADMIN_PASSWORD);
    });

    private static BrokerHttp http;
    private static Browser browser;

    @BeforeAll
    static void openBrowser() {
        http = new BrokerHttp(BROKER.broker());
        assumeTrue(Browser.installed(), "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        browser = new Browser(http.baseUrl());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theApiWantsCredentialsAndTakesHttpBasic() {
        HttpResponse<String> anonymous = get("/api/v1/cluster", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Basic"));
        assertThat(anonymous.body()).contains("\"status\":401");

        assertThat(get("/api/v1/cluster", "admin", "wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> admin = get("/session", "admin", ADMIN_PASSWORD);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEqualTo("{\"user\":\"admin\",\"admin\":true}");
    }

    @Test
    void monitoringNeedsNoLogin() {
        for (String path : List.of("/health/live", "/health/ready", "/metrics", "/openapi")) {
            assertThat(get(path, null, null).statusCode()).as(path).isNotIn(401, 403);
        }
    }

    @Test
    void aViewerMayLookButNotChange(TestInfo test) {
        assertThat(get("/session", VIEWER, VIEWER_PASSWORD).body()).isEqualTo("{\"user\":\"" + VIEWER + "\",\"admin\":false}");
        HttpResponse<String> create = http.send("POST", "/api/v1/topics", VIEWER, VIEWER_PASSWORD,
                "{\"name\":\"not-by-a-viewer\",\"partitions\":1,\"replicationFactor\":1,\"configs\":{}}");
        assertThat(create.statusCode()).isEqualTo(403);
        assertThat(create.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));

        browser.logIn(VIEWER, VIEWER_PASSWORD);
        browser.findWithText(By.id("user"), VIEWER + " (viewer)");
        browser.open("/#/topics");
        browser.find(By.id("topic-search"));
        assertThat(browser.all(By.id("new-topic"))).as("the viewer is offered no New topic button").isEmpty();
        // Not only hidden: the server refuses the change the console's own way, too.
        Object status = browser.script("""
                const done = arguments[arguments.length - 1];
                fetch('api/v1/topics', {method: 'POST', headers: {'X-Katka-Console': '1', 'Content-Type': 'application/json'},
                    body: JSON.stringify({name: 'not-by-a-viewer', partitions: 1, replicationFactor: 1, configs: {}})})
                  .then(r => done(r.status), e => done(String(e)));""");
        assertThat(status).isEqualTo(403L);
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void theLoginPageRefusesAWrongPasswordAndLetsTheAdminIn(TestInfo test) {
        browser.logIn("admin", "not-the-password");
        browser.waitFor(d -> d.getCurrentUrl().contains("failed"));
        assertThat(browser.find(By.id("login-failed")).getText()).contains("wrong password");
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-refused");

        browser.logIn("admin", ADMIN_PASSWORD);
        browser.findWithText(By.id("user"), "admin (admin)");
        if (restApiDeployed()) {
            Matcher clusterId = Pattern.compile("\"clusterId\":\"([^\"]+)\"")
                    .matcher(get("/api/v1/cluster", "admin", ADMIN_PASSWORD).body());
            assertThat(clusterId.find()).isTrue();
            browser.findWithText(By.id("cluster"), "Cluster " + clusterId.group(1));
        }
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-dashboard");
    }

    @Test
    void anAdminCreatesATopicProducesAndFindsTheMessage(TestInfo test) throws Exception {
        assumeRestApi();
        String name = test.getTestMethod().orElseThrow().getName();
        browser.logIn("admin", ADMIN_PASSWORD);
        browser.findWithText(By.id("user"), "admin (admin)");
        browser.open("/#/topics");
        browser.find(By.id("new-topic")).click();
        browser.find(By.cssSelector("#create-topic [name=name]")).sendKeys("console-orders");
        browser.find(By.cssSelector("#create-topic [name=partitions]")).clear();
        browser.find(By.cssSelector("#create-topic [name=partitions]")).sendKeys("2");
        browser.find(By.cssSelector("#create-topic button[type=submit]")).click();
        browser.findWithText(By.id("topic-name"), "console-orders");
        browser.findWithText(By.id("partitions"), "1"); // both partitions are listed
        assertThat(browser.all(By.cssSelector("#partitions tbody tr"))).hasSize(2);
        browser.screenshot(name + "-1-created");

        browser.find(By.id("produce")).click();
        browser.find(By.cssSelector("#produce-form [name=partition]")).sendKeys("1");
        browser.find(By.cssSelector("#produce-form [name=key]")).sendKeys("order-1");
        browser.find(By.cssSelector("#produce-form [name=value]")).sendKeys("{\"total\": 42}");
        browser.find(By.cssSelector("#produce-form [name=headers]")).sendKeys("source: console");
        browser.find(By.id("send-message")).click();
        browser.findWithText(By.id("produced"), "Sent to partition 1 at offset 0");
        browser.screenshot(name + "-2-produced");
        browser.find(By.cssSelector("#produce-form button[value=cancel]")).click();

        browser.find(By.cssSelector("#browse [name=filter]")).sendKeys("order-1");
        browser.find(By.id("browse-messages")).click();
        // The table is drawn unfiltered first, then filtered: wait for each piece, do not read it once.
        browser.findWithText(By.id("message-table"), "{\"total\": 42}");
        browser.findWithText(By.id("message-table"), "order-1");
        browser.findWithText(By.id("message-table"), "source: console");
        browser.screenshot(name + "-3-found");

        WebElement retention = browser.find(By.cssSelector("#configs input[name='retention.ms']"));
        retention.clear();
        retention.sendKeys("3600000");
        browser.find(By.id("save-configs")).click();
        browser.findWithText(By.id("banner"), "Saved retention.ms");
        assertThat(http.get("/api/v1/topics/console-orders", "admin", ADMIN_PASSWORD).body())
                .containsPattern("\\{[^}]*\"name\":\"retention.ms\"[^}]*\"value\":\"3600000\"");

        // A change that comes with the session alone, as another site's page could send it, is refused.
        Object forged = browser.script("""
                const done = arguments[arguments.length - 1];
                fetch('api/v1/topics/console-orders', {method: 'DELETE'}).then(r => done(r.status), e => done(String(e)));""");
        assertThat(forged).isEqualTo(403L);

        // What the console produced, any Kafka client reads.
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", BROKER.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("console-orders", 1);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> records = pollUntilSome(consumer);
            assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("order-1", "{\"total\": 42}"));
        }

        // The broker's page lists the replicas it holds, the new topic's among them.
        browser.open("/#/brokers");
        browser.find(By.cssSelector("#brokers tbody a")).click();
        browser.findWithText(By.id("broker-partitions"), "console-orders");
        assertThat(browser.all(By.xpath("//*[@id='broker-partitions']//tr[td[1]='console-orders' and td[3]='leader']")))
                .hasSize(2);
        browser.findWithText(By.id("broker-configs"), "node.id");
        browser.screenshot(name + "-4-broker");

        // Purging one partition empties it; the topic and its other partition stay.
        browser.open("/#/topics/console-orders");
        browser.find(By.cssSelector("#partitions button[data-purge='1']")).click();
        browser.confirm();
        browser.findWithText(By.id("banner"), "Purged partition 1 up to offset 1");
        browser.find(By.id("browse-messages")).click();
        browser.findWithText(By.id("messages"), "No messages.");
        assertThat(http.get("/api/v1/topics/console-orders", "admin", ADMIN_PASSWORD).body())
                .contains("\"logEndOffset\":1,\"logStartOffset\":1,\"partition\":1,");
        browser.screenshot(name + "-5-purged");
    }

    @Test
    void theConsoleShowsAConsumerGroupsLag(TestInfo test) throws Exception {
        assumeRestApi();
        String topic = "console-lag";
        Map<String, Object> client = Map.of("bootstrap.servers", BROKER.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }
        // The group reads all five and commits after the second: three behind.
        Map<String, Object> groupMember = Map.of("bootstrap.servers", BROKER.bootstrapServers(), "group.id", "console-billing",
                "auto.offset.reset", "earliest", "enable.auto.commit", "false");
        try (var consumer = new KafkaConsumer<>(groupMember, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            pollUntilSome(consumer);
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)));
        }

        browser.logIn("admin", ADMIN_PASSWORD);
        browser.findWithText(By.id("user"), "admin (admin)");
        browser.open("/#/groups");
        browser.findWithText(By.cssSelector("tr[data-group=console-billing] .lag"), "3");
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-1-groups");
        browser.find(By.linkText("console-billing")).click();
        browser.findWithText(By.id("total-lag"), "3");
        browser.findWithText(By.id("offset-table"), topic);
        browser.screenshot(test.getTestMethod().orElseThrow().getName() + "-2-group");
    }

    private static List<ConsumerRecord<String, String>> pollUntilSome(KafkaConsumer<String, String> consumer) {
        Instant deadline = Instant.now().plusSeconds(30);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        while (records.isEmpty() && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertThat(records).as("records within 30 s").isNotEmpty();
        return records;
    }

    /** The REST API's resources ship separately from the login; without them the console has no data. */
    private static void assumeRestApi() {
        assumeTrue(restApiDeployed(), "the REST API (/api/v1) is not in this build");
    }

    private static boolean restApiDeployed() {
        return get("/api/v1/cluster", "admin", ADMIN_PASSWORD).statusCode() != 404;
    }

    private static HttpResponse<String> get(String path, String user, String password) {
        return http.get(path, user, password);
    }
}
