package dev.katka.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.HazelcastInstance;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The data grid settings Katka relies on. The same values are in
 * {@code server-config/payara/hazelcast.xml}, the file given to Payara Micro with
 * {@code --hzconfigfile}; a test keeps the two in step.
 *
 * <ul>
 *   <li>Failure detection: heartbeats every {@value #HEARTBEAT_INTERVAL_SECONDS} s, a member
 *       silent for {@value #MAX_NO_HEARTBEAT_SECONDS} s is removed (Hazelcast's default is 60 s: a
 *       crashed broker's partitions would stay leaderless for a minute). A killed process is noticed
 *       at once (its connections close); a hung one after about the timeout.</li>
 *   <li>Healing: a member that was removed but runs on (it was paused, or cut off by the network)
 *       forms a grid of its own; the parts look for each other every {@value #MERGE_DELAY_SECONDS} s
 *       and merge (Hazelcast's default: first after 5 minutes, during which the cluster would run
 *       a broker short).</li>
 *   <li>Katka's maps ({@value #MAPS}): {@value #BACKUP_COUNT} synchronous backups, so the
 *       metadata log and the registry survive two members dying at once.</li>
 *   <li>CP subsystem: off (0) or at least 3 CP members. CP sessions heartbeat every
 *       {@value #CP_SESSION_HEARTBEAT_SECONDS} s and expire after {@value #CP_SESSION_TTL_SECONDS} s
 *       (Hazelcast's default is 300 s): a controller whose session silently dies loses its lock
 *       within seconds. A member that membership removes has its sessions closed at once anyway
 *       ({@link FencedLockElection}). A CP member missing for {@value #CP_MEMBER_REMOVAL_SECONDS} s
 *       is removed from the CP group (Hazelcast's default: 4 hours), so that a restarted broker,
 *       which comes back as a new member, can take its place: the CP group has no persistence,
 *       and a group that kept counting its dead members would lose its majority at the next
 *       failure.</li>
 * </ul>
 *
 * <p>Stateless.
 */
public final class KatkaHazelcastConfig {

    public static final int HEARTBEAT_INTERVAL_SECONDS = 1;
    public static final int MAX_NO_HEARTBEAT_SECONDS = 5;
    public static final int MERGE_DELAY_SECONDS = 5;
    public static final String MAPS = "katka-*";
    public static final int BACKUP_COUNT = 2;
    public static final int CP_SESSION_HEARTBEAT_SECONDS = 1;
    public static final int CP_SESSION_TTL_SECONDS = 10;
    public static final int CP_MEMBER_REMOVAL_SECONDS = 15;

    private static final Logger LOG = Logger.getLogger(KatkaHazelcastConfig.class.getName());
    private static final List<String> MAP_NAMES = List.of(BrokerRegistry.NAME, HeadStore.NAME, MetadataLog.ENTRIES,
            MetadataLog.SNAPSHOTS);

    private KatkaHazelcastConfig() {
    }

    /**
     * Katka's settings on top of {@code config}: failure detection, its maps, the CP subsystem.
     *
     * @param cpMemberCount 0 (no CP subsystem: one or two brokers) or at least 3
     * @return {@code config}
     */
    public static Config apply(Config config, int cpMemberCount) {
        if (cpMemberCount != 0 && cpMemberCount < 3) {
            throw new IllegalArgumentException("The CP subsystem needs at least 3 members (or 0: off), not "
                    + cpMemberCount);
        }
        config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(HEARTBEAT_INTERVAL_SECONDS));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", String.valueOf(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", String.valueOf(MERGE_DELAY_SECONDS));
        config.addMapConfig(metadataMapConfig(MAPS));
        config.getCPSubsystemConfig()
                .setCPMemberCount(cpMemberCount)
                .setSessionHeartbeatIntervalSeconds(CP_SESSION_HEARTBEAT_SECONDS)
                .setSessionTimeToLiveSeconds(CP_SESSION_TTL_SECONDS)
                .setMissingCPMemberAutoRemovalSeconds(CP_MEMBER_REMOVAL_SECONDS);
        return config;
    }

    /**
     * A member on one loopback port that joins the given ports by TCP/IP (no multicast, no
     * auto-detection), with Katka's settings: what the tests run several of in one JVM.
     */
    public static Config loopback(String clusterName, int port, Collection<Integer> memberPorts, int cpMemberCount) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        // Members listed but not started yet are not waited for: the first one starts alone.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.logging.type", "jdk");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.getJoin().getMulticastConfig().setEnabled(false);
        network.getJoin().getAutoDetectionConfig().setEnabled(false);
        TcpIpConfig tcpIp = network.getJoin().getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
        memberPorts.forEach(p -> tcpIp.addMember("127.0.0.1:" + p));
        return apply(config, cpMemberCount);
    }

    /**
     * Whether a member on {@code host:port} joined by this configuration looks for no member but
     * itself: TCP/IP is its only way to find others and its member list names only its own
     * address. Then no broker can be expected to start alongside it (one may still join later, by
     * naming it). Any other way of joining (multicast, auto-detection, discovery, a cloud
     * provider), an address in another spelling or a port range count as looking for others.
     */
    static boolean looksForNoOtherMember(JoinConfig join, String host, int port) {
        boolean onlyTcpIp = join.getTcpIpConfig().isEnabled()
                && !join.getMulticastConfig().isEnabled()
                && !join.getAutoDetectionConfig().isEnabled()
                && !join.getDiscoveryConfig().isEnabled()
                && !join.getAwsConfig().isEnabled() && !join.getGcpConfig().isEnabled()
                && !join.getAzureConfig().isEnabled() && !join.getKubernetesConfig().isEnabled()
                && !join.getEurekaConfig().isEnabled();
        if (!onlyTcpIp) {
            return false;
        }
        // Hazelcast has split a comma-separated list into its members already.
        String self = host + ":" + port;
        return join.getTcpIpConfig().getMembers().stream().allMatch(member -> member.trim().equals(self));
    }

    /** {@link #looksForNoOtherMember(JoinConfig, String, int)} for a running member. */
    static boolean looksForNoOtherMember(HazelcastInstance hazelcast) {
        var address = hazelcast.getCluster().getLocalMember().getAddress();
        return looksForNoOtherMember(hazelcast.getConfig().getNetworkConfig().getJoin(), address.getHost(),
                address.getPort());
    }

    /**
     * Makes sure Katka's maps have their backups on a running member whose configuration did not
     * say so (Payara started without Katka's file): adds the map configs dynamically, before the
     * maps are first used. A conflicting configuration already in the cluster wins and is logged.
     */
    static void ensureMetadataMaps(HazelcastInstance hazelcast) {
        for (String name : MAP_NAMES) {
            if (hazelcast.getConfig().findMapConfig(name).getBackupCount() >= BACKUP_COUNT) {
                continue;
            }
            try {
                hazelcast.getConfig().addMapConfig(metadataMapConfig(name));
            } catch (InvalidConfigurationException | UnsupportedOperationException e) {
                LOG.log(Level.WARNING, "The data grid keeps its own configuration of map " + name + " (fewer than "
                        + BACKUP_COUNT + " backups): metadata may be lost when members fail", e);
            }
        }
    }

    private static MapConfig metadataMapConfig(String name) {
        // Synchronous backups: an append is acknowledged only once its backups hold it.
        return new MapConfig(name).setBackupCount(BACKUP_COUNT).setAsyncBackupCount(0);
    }
}
