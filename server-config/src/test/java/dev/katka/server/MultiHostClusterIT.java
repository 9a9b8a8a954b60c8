package dev.katka.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.katka.server.Launcher.LauncherResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers on three hosts: each in a network namespace of its own with its own address,
 * started as the README says for several machines ({@code katka start --node-id N --host ADDR
 * --members ...}), all on the same ports. The leader of a partition is cut off from the network
 * while a producer with acks=all writes: the others elect a new leader and go on; when the link
 * is back, the cut-off broker rejoins, catches up and is in every ISR again. Every acknowledged
 * record is there, exactly once.
 *
 * <p>Needs root and iproute2 (it makes namespaces, a bridge and links); elsewhere it is skipped.
 * In the {@code cluster} profile.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class MultiHostClusterIT {

    private static final int HOSTS = 3;
    private static final String TOPIC = "payments";
    private static final int PARTITIONS = 3;
    private static final int KAFKA_PORT = 9092;
    private static final int CLUSTER_PORT = 6900;
    private static final Duration FAILOVER = Duration.ofSeconds(60);
    private static final Duration REJOIN = Duration.ofMinutes(3);
    private static final Duration LAUNCHER_DEADLINE = Duration.ofMinutes(8);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private NetworkNamespaces network;

    @BeforeEach
    void createHosts() {
        assumeTrue(NetworkNamespaces.available(), "network namespaces cannot be made here (needs root and iproute2)");
        network = NetworkNamespaces.create(HOSTS);
    }

    @AfterEach
    void removeHosts() {
        if (network == null) {
            return;
        }
        try {
            IntStream.rangeClosed(1, HOSTS).forEach(network::reconnect);
            List<CompletableFuture<LauncherResult>> stops = IntStream.rangeClosed(1, HOSTS)
                    .mapToObj(n -> CompletableFuture.supplyAsync(() -> Launcher.run(network.inHost(n),
                            List.of("stop", "--data", dataDir(n).toString(), "--timeout", "60"), Map.of(),
                            Duration.ofMinutes(3))))
                    .toList();
            stops.forEach(CompletableFuture::join);
        } finally {
            network.close();
        }
    }

    @Test
    void aCutOffLeaderIsReplacedAndRejoinsWhenTheNetworkHeals() throws Exception {
        startBrokers();
        String bootstrap = IntStream.rangeClosed(1, HOSTS).mapToObj(n -> network.address(n) + ":" + KAFKA_PORT)
                .collect(Collectors.joining(","));
        AcknowledgedWrites writes;
        try (ClusterAdmin admin = ClusterAdmin.connect(bootstrap)) {
            admin.awaitBrokers(HOSTS, FAILOVER);
            admin.createReplicatedTopic(TOPIC, PARTITIONS);
            admin.awaitFullIsr(TOPIC, HOSTS, FAILOVER);
            writes = AcknowledgedWrites.start(bootstrap, TOPIC, PARTITIONS);
            try (writes) {
                writes.awaitProgress(500, FAILOVER);

                int victim = admin.leaderId(TOPIC, 0);
                network.cutOff(victim);
                long cutAt = System.nanoTime();
                admin.awaitLeadersOtherThan(TOPIC, victim, FAILOVER);
                System.out.printf("Cut-off leader %d replaced after %.1f s%n", victim, (System.nanoTime() - cutAt) / 1e9);
                writes.awaitProgress(500, FAILOVER);
                assertThat(admin.partitions(TOPIC)).allSatisfy(p -> assertThat(p.isr()).hasSizeLessThan(HOSTS));

                network.reconnect(victim);
                long healedAt = System.nanoTime();
                admin.awaitFullIsr(TOPIC, HOSTS, REJOIN);
                System.out.printf("Reconnected broker %d back in every ISR after %.1f s%n", victim,
                        (System.nanoTime() - healedAt) / 1e9);
                writes.awaitProgress(500, FAILOVER);
            }
            writes.assertNoFailedSends();
            await("the reconnected broker answering with the cluster's metadata").atMost(REJOIN).ignoreExceptions()
                    .until(() -> admin.controllerId() != -1);
        }
        writes.assertEveryAcknowledgedRecordIsThereOnce(bootstrap);
    }

    /** Each host's launcher at once, as operators on three machines would. */
    private void startBrokers() {
        String members = IntStream.rangeClosed(1, HOSTS).mapToObj(n -> network.address(n) + ":" + CLUSTER_PORT)
                .collect(Collectors.joining(","));
        List<CompletableFuture<LauncherResult>> starts = new ArrayList<>();
        for (int n = 1; n <= HOSTS; n++) {
            List<String> arguments = List.of("start", "--data", dataDir(n).toString(), "--node-id", String.valueOf(n),
                    "--host", network.address(n), "--port", String.valueOf(KAFKA_PORT),
                    "--cluster-port", String.valueOf(CLUSTER_PORT), "--members", members,
                    "--cluster-name", "katka-multi-host");
            int host = n;
            starts.add(CompletableFuture.supplyAsync(() -> Launcher.run(network.inHost(host), arguments,
                    Map.of("KATKA_STARTUP_TIMEOUT", "420"), LAUNCHER_DEADLINE)));
        }
        for (int n = 1; n <= HOSTS; n++) {
            LauncherResult result = starts.get(n - 1).join();
            assertThat(result.exitCode()).as("katka start on host %d:%n%s", n, result.output()).isZero();
        }
    }

    private Path dataDir(int host) {
        return dir.resolve("host-" + host);
    }
}
