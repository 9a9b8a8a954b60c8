package dev.katka.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.XmlConfigBuilder;
import com.hazelcast.config.cp.CPSubsystemConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The configuration file Payara Micro is given ({@code server-config/payara/hazelcast.xml}) says
 * what {@link KatkaHazelcastConfig} says, and is valid Hazelcast 5.3 configuration.
 */
class KatkaHazelcastConfigTest {

    private static final Path FILE = Path.of("..", "server-config", "payara", "hazelcast.xml");

    @Test
    void theFileForPayaraHasTheSameSettingsAsTheTestGrids() throws IOException {
        Config file = load(3);
        Config code = KatkaHazelcastConfig.loopback("katka-x", 6901, List.of(6900, 6901), 3);

        assertThat(file.getClusterName()).isEqualTo("katka-x");
        assertThat(file.getNetworkConfig().getPort()).isEqualTo(6901);
        assertThat(file.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(file.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(file.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(file.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                .containsExactly("127.0.0.1:6900", "127.0.0.1:6901");
        for (String property : List.of("hazelcast.heartbeat.interval.seconds", "hazelcast.max.no.heartbeat.seconds",
                "hazelcast.merge.first.run.delay.seconds", "hazelcast.merge.next.run.delay.seconds")) {
            assertThat(file.getProperty(property)).as(property).isEqualTo(code.getProperty(property));
        }
        for (String map : List.of(BrokerRegistry.NAME, HeadStore.NAME, MetadataLog.ENTRIES, MetadataLog.SNAPSHOTS)) {
            MapConfig fromFile = file.findMapConfig(map);
            MapConfig fromCode = code.findMapConfig(map);
            assertThat(fromFile.getBackupCount()).as(map).isEqualTo(fromCode.getBackupCount())
                    .isEqualTo(KatkaHazelcastConfig.BACKUP_COUNT);
            assertThat(fromFile.getAsyncBackupCount()).as(map).isZero();
        }
        CPSubsystemConfig cpFile = file.getCPSubsystemConfig();
        CPSubsystemConfig cpCode = code.getCPSubsystemConfig();
        assertThat(cpFile.getCPMemberCount()).isEqualTo(cpCode.getCPMemberCount()).isEqualTo(3);
        assertThat(cpFile.getSessionTimeToLiveSeconds()).isEqualTo(cpCode.getSessionTimeToLiveSeconds());
        assertThat(cpFile.getSessionHeartbeatIntervalSeconds()).isEqualTo(cpCode.getSessionHeartbeatIntervalSeconds());
        assertThat(cpFile.getMissingCPMemberAutoRemovalSeconds()).isEqualTo(cpCode.getMissingCPMemberAutoRemovalSeconds())
                .isEqualTo(KatkaHazelcastConfig.CP_MEMBER_REMOVAL_SECONDS);
    }

    @Test
    void theCpSubsystemIsOffOrHasAtLeastThreeMembers() throws IOException {
        assertThat(load(0).getCPSubsystemConfig().getCPMemberCount()).isZero();
        assertThat(KatkaHazelcastConfig.apply(new Config(), 0).getCPSubsystemConfig().getCPMemberCount()).isZero();
        assertThatThrownBy(() -> KatkaHazelcastConfig.apply(new Config(), 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3");
    }

    @Test
    void aMemberWhoseListNamesOnlyItselfLooksForNoOther() throws IOException {
        // What the launcher gives a single broker: its own address as the only member.
        assertThat(KatkaHazelcastConfig.looksForNoOtherMember(load(0, "127.0.0.1:6901").getNetworkConfig().getJoin(),
                "127.0.0.1", 6901)).isTrue();
        assertThat(KatkaHazelcastConfig.looksForNoOtherMember(load(0).getNetworkConfig().getJoin(),
                "127.0.0.1", 6901)).isFalse();
        assertThat(KatkaHazelcastConfig.looksForNoOtherMember(load(0, "localhost:6901").getNetworkConfig().getJoin(),
                "127.0.0.1", 6901)).as("another spelling of the address").isFalse();
        assertThat(KatkaHazelcastConfig.looksForNoOtherMember(load(0, "127.0.0.1:6901-6903").getNetworkConfig()
                .getJoin(), "127.0.0.1", 6901)).as("a port range").isFalse();

        Config alone = KatkaHazelcastConfig.loopback("katka-x", 6900, List.of(6900), 0);
        assertThat(KatkaHazelcastConfig.looksForNoOtherMember(alone.getNetworkConfig().getJoin(), "127.0.0.1", 6900))
                .isTrue();
        alone.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(true);
        assertThat(KatkaHazelcastConfig.looksForNoOtherMember(alone.getNetworkConfig().getJoin(), "127.0.0.1", 6900))
                .as("multicast finds others").isFalse();
    }

    private static Config load(int cpMembers) throws IOException {
        return load(cpMembers, "127.0.0.1:6900,127.0.0.1:6901");
    }

    private static Config load(int cpMembers, String members) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("katka.cluster.name", "katka-x");
        properties.setProperty("katka.cluster.port", "6901");
        properties.setProperty("katka.cluster.interface", "127.0.0.1");
        properties.setProperty("katka.cluster.members", members);
        properties.setProperty("katka.cp.member.count", String.valueOf(cpMembers));
        try (InputStream in = Files.newInputStream(FILE)) {
            return new XmlConfigBuilder(in).setProperties(properties).build();
        }
    }
}
