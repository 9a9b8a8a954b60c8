package dev.katka.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.server.Launcher.LauncherResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as a real process, started by the launcher: deployment, configuration precedence,
 * one broker per data directory, metadata that survives a crash. Each test boots its own broker
 * (they need different settings); data directories of failed tests stay for their logs.
 */
class BrokerProcessIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path configDir;

    @Test
    void settingsComeFromSystemPropertiesThenEnvironmentThenTheFileThenDefaults() throws Exception {
        Path configFile = configDir.resolve("broker.properties");
        Files.writeString(configFile, String.join("\n",
                "node.id=7",
                "log.roll.hours=13",
                "log.retention.hours=11",
                "num.partitions=3",
                ""), UTF_8);
        try (KatkaProcess broker = KatkaProcess.on(dataDir)
                .withConfigFile(configFile)
                .withEnv("KATKA_LOG_RETENTION_HOURS", "22")
                .withEnv("KATKA_NUM_PARTITIONS", "4")
                .withSystemProperty("katka.num.partitions", "5")
                .withSystemProperty("katka.log.retention.hour", "1")
                .withEnv("KATKA_NUM_PARTITION", "2")
                .start()) {

            assertThat(broker.kafkaPortAnswers()).isTrue();
            // Kafka, HTTP and the data grid: nothing of a default broker is reachable off this machine.
            assertThat(ListeningSockets.of(broker.process().orElseThrow().pid()))
                    .extracting(address -> address.getPort())
                    .contains(broker.kafkaPort(), broker.httpPort());
            assertThat(ListeningSockets.of(broker.process().orElseThrow().pid()))
                    .allSatisfy(address -> assertThat(address.getAddress().isLoopbackAddress()).as(address.toString()).isTrue());
            String configuration = lineContaining(broker.log(), "Katka configuration: ");
            assertThat(configuration)
                    .contains("node.id=7 (Katka configuration file " + configFile)
                    .contains("log.roll.hours=13 (Katka configuration file")
                    .contains("log.retention.hours=22 (")
                    .contains("num.partitions=5 (")
                    .contains("listeners=PLAINTEXT://127.0.0.1:" + broker.kafkaPort())
                    .doesNotContain("delete.topic.enable");
            assertThat(lineContaining(configuration, "log.retention.hours=22 (")).doesNotContain("log.retention.hours=22 (Katka");
            assertThat(broker.log())
                    .contains("Katka broker 7 ready: bootstrap.servers=" + broker.bootstrapServers())
                    .contains("Ignoring unknown Katka setting katka.log.retention.hour ")
                    .contains("Ignoring unknown Katka setting KATKA_NUM_PARTITION ");
        }
    }

    @Test
    void anInvalidValueFailsTheStartNamingThePropertyTheValueAndItsSource() {
        try (KatkaProcess broker = KatkaProcess.on(dataDir).withEnv("KATKA_LOG_RETENTION_HOURS", "forever")) {
            LauncherResult result = broker.tryStart();

            assertThat(result.exitCode()).as(result.output()).isNotZero();
            assertThat(result.output())
                    .contains("the deployment failed")
                    .contains("Invalid Katka configuration katka.log.retention.hours=forever")
                    .contains("KATKA_LOG_RETENTION_HOURS");
            assertThat(broker.process()).as("no broker process is left running").isEmpty();
            assertThat(broker.kafkaPortAnswers()).isFalse();
        }
    }

    @Test
    void aSecondStartOnTheSameDataDirectoryIsRefusedAndStopIsGraceful() {
        try (KatkaProcess first = KatkaProcess.on(dataDir).start()) {
            long pid = first.process().orElseThrow().pid();

            KatkaProcess second = KatkaProcess.on(dataDir);
            LauncherResult refused = second.tryStart();

            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.output()).contains("already running on " + dataDir.toAbsolutePath()).contains("pid " + pid);
            assertThat(first.process()).map(ProcessHandle::pid).contains(pid);
            assertThat(first.kafkaPortAnswers()).isTrue();
            LauncherResult status = first.status();
            assertThat(status.exitCode()).isZero();
            assertThat(status.output()).contains("running (pid " + pid).contains(first.bootstrapServers());

            first.stop();

            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(first.kafkaPortAnswers()).isFalse();
            assertThat(first.status().exitCode()).isEqualTo(3);
            assertThat(first.log()).contains("Stopping Katka broker 1").contains("Katka broker 1 stopped");
        }
    }

    @Test
    void metadataInTheDataDirectorySurvivesACrashAndARestart() throws Exception {
        try (KatkaProcess broker = KatkaProcess.on(dataDir)) {
            broker.start();
            Uuid topicId;
            try (Admin admin = admin(broker)) {
                admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1)
                        .configs(Map.of("retention.ms", "123456")))).all().get(30, TimeUnit.SECONDS);
                topicId = admin.describeTopics(List.of("orders")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("orders").topicId();
            }
            broker.kill();
            List<String> identityAfterFirstStart = identityRows(dataDir);
            assertThat(identityAfterFirstStart).as("the broker records its identity at its first start").hasSize(1);

            // The pid file of the killed broker is stale: the launcher must start anyway.
            broker.start();
            try (Admin admin = admin(broker)) {
                TopicDescription orders = admin.describeTopics(List.of("orders")).allTopicNames()
                        .get(30, TimeUnit.SECONDS).get("orders");
                assertThat(orders.topicId()).isEqualTo(topicId);
                assertThat(orders.partitions()).hasSize(3);
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
                Config configs = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
                assertThat(configs.get("retention.ms").value()).isEqualTo("123456");
            }
            broker.stop();

            assertThat(identityRows(dataDir)).isEqualTo(identityAfterFirstStart);
        }
    }

    private static Admin admin(KatkaProcess broker) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** The broker's identity rows, read straight from its H2 database while no broker runs. */
    private static List<String> identityRows(Path dataDir) throws SQLException {
        String url = "jdbc:h2:" + dataDir.toAbsolutePath().resolve("metadata") + ";IFEXISTS=TRUE";
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select cluster_id, node_id from broker_identity")) {
            List<String> identities = new ArrayList<>();
            while (rows.next()) {
                identities.add(rows.getString(1) + "/" + rows.getInt(2));
            }
            return identities;
        }
    }

    private static String lineContaining(String text, String fragment) {
        return text.lines().filter(line -> line.contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no line contains '" + fragment + "' in:\n" + text));
    }
}
