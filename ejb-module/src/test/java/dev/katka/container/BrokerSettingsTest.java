package dev.katka.container;

import static dev.katka.container.SourcesConfig.source;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.katka.config.BrokerConfig;
import dev.katka.container.BrokerSettings.InvalidConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryBrokerPropertyUnderThePrefixFromTheWinningSource() throws Exception {
        Path file = dir.resolve("katka.properties");
        Files.writeString(file, "node.id=7\nlog.retention.hours=11\nnum.partitions=3\n", UTF_8);
        SourcesConfig config = new SourcesConfig(
                new FileConfigSource(file.toString()),
                source("env", 300, Map.of("katka.log.retention.hours", "22", "katka.num.partitions", "4")),
                source("sys", 400, Map.of("katka.num.partitions", "5", "unrelated", "x")));

        BrokerConfig broker = BrokerSettings.read(config);

        assertThat(broker.nodeId()).isEqualTo(7);
        assertThat(broker.logRetentionMs()).isEqualTo(22 * 3_600_000L);
        assertThat(broker.numPartitions()).isEqualTo(5);
        assertThat(broker.explicitlySet()).containsExactlyInAnyOrder("node.id", "log.retention.hours", "num.partitions");
        assertThat(BrokerSettings.describeExplicit(config, broker)).isEqualTo(
                "log.retention.hours=22 (env), node.id=7 (Katka configuration file " + file.toAbsolutePath()
                        + "), num.partitions=5 (sys)");
    }

    @Test
    void nothingSetMeansTheDefaultsInCode() {
        BrokerConfig broker = BrokerSettings.read(new SourcesConfig());
        assertThat(broker.explicitlySet()).isEmpty();
        assertThat(broker.listener().port()).isEqualTo(9092);
        assertThat(BrokerSettings.describeExplicit(new SourcesConfig(), broker)).isEqualTo("all defaults");
    }

    @Test
    void anInvalidValueIsNamedWithItsValueSourceAndEnvironmentVariable() {
        SourcesConfig config = new SourcesConfig(source("EnvConfigSource", 300,
                Map.of("katka.log.retention.hours", "forever", "katka.node.id", "2")));

        assertThatThrownBy(() -> BrokerSettings.read(config))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("Invalid Katka configuration katka.log.retention.hours=forever")
                .hasMessageContaining("set by EnvConfigSource")
                .hasMessageContaining("KATKA_LOG_RETENTION_HOURS")
                .hasMessageContaining("Not a number of type INT");
    }

    @Test
    void anInvalidCombinationIsReportedAsSuch() {
        SourcesConfig config = new SourcesConfig(source("sys", 400,
                Map.of("katka.advertised.listeners", "PLAINTEXT://0.0.0.0:9092")));

        assertThatThrownBy(() -> BrokerSettings.read(config))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("advertised.listeners")
                .hasMessageContaining("0.0.0.0");
    }

    @Test
    void unknownKatkaNamesAndVariablesAreFlaggedAndNothingElse() {
        List<String> unknown = BrokerSettings.unknownNames(List.of(
                "katka.log.retention.hours", "KATKA_LOG_RETENTION_HOURS", "katka.log.retention.hour",
                "KATKA_NUM_PARTITION", "katka.config.file", "KATKA_HEAP", "KATKA_JAVA_OPTS",
                "katka.cluster.members", "katka.cp.member.count", "java.home", "PATH", "katkaesque"));

        assertThat(unknown).containsExactly("KATKA_NUM_PARTITION", "katka.log.retention.hour");
    }

    @Test
    void environmentNamesFollowMicroProfileMapping() {
        assertThat(BrokerSettings.environmentName("katka.log.retention.hours")).isEqualTo("KATKA_LOG_RETENTION_HOURS");
    }
}
