package dev.katka.server;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers on Payara Micro, one cluster through Payara's data grid, started with
 * {@code katka start --brokers 3}: a producer with acks=all keeps writing while a leader crashes
 * (SIGKILL) and is restarted, the controller crashes and is restarted, the controller hangs
 * (SIGSTOP) and comes back, and the whole cluster stops and starts again. Every acknowledged record is still there, exactly once.
 *
 * <p>In the {@code cluster} profile (heavy: three Payara Micro instances on this machine).
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ReplicatedClusterIT {

    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 3;
    /** Membership removal (5 s without heartbeats), then the election: a few seconds more. */
    private static final Duration FAILOVER = Duration.ofSeconds(60);
    /** A restarted or resumed broker is back in the grid, caught up and in every ISR. */
    private static final Duration REJOIN = Duration.ofMinutes(3);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private KatkaCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void acknowledgedRecordsSurviveACrashedLeaderAHungControllerAndAFullRestart() throws Exception {
        cluster = KatkaCluster.of(dir, 3).start();
        AcknowledgedWrites writes;
        try (ClusterAdmin admin = ClusterAdmin.connect(cluster.bootstrapServers())) {
            admin.awaitBrokers(3, FAILOVER);
            admin.createReplicatedTopic(TOPIC, PARTITIONS);
            admin.awaitFullIsr(TOPIC, 3, FAILOVER);
            writes = AcknowledgedWrites.start(cluster.bootstrapServers(), TOPIC, PARTITIONS);
            try (writes) {
                writes.awaitProgress(500, FAILOVER);

                // A leader crashes and is started again: it truncates, catches up and rejoins every ISR.
                int victim = admin.leaderId(TOPIC, 0);
                cluster.kill(victim);
                long killedAt = System.nanoTime();
                await("a new leader of partition 0").atMost(FAILOVER).ignoreExceptions()
                        .until(() -> admin.leaderId(TOPIC, 0) != victim && admin.leaderId(TOPIC, 0) != -1);
                System.out.printf("Killed leader %d replaced after %.1f s%n", victim, seconds(killedAt));
                writes.awaitProgress(500, FAILOVER);
                cluster.start();
                admin.awaitFullIsr(TOPIC, 3, REJOIN);
                // A new member to the grid, it takes the dead one's place in the CP group: only then
                // can the cluster lose another broker and still elect a controller.
                cluster.awaitLogLine(victim, "This member is in the CP group", REJOIN);
                writes.awaitProgress(500, FAILOVER);

                // The controller crashes: another broker takes its role and its partitions; restarted, it rejoins.
                int crashedController = admin.controllerId();
                cluster.kill(crashedController);
                long crashedAt = System.nanoTime();
                await("a controller other than the crashed one").atMost(FAILOVER).ignoreExceptions()
                        .until(() -> admin.controllerId() != crashedController && admin.controllerId() != -1);
                admin.awaitLeadersOtherThan(TOPIC, crashedController, FAILOVER);
                System.out.printf("Crashed controller %d replaced, its partitions led by others, after %.1f s%n",
                        crashedController, seconds(crashedAt));
                writes.awaitProgress(500, FAILOVER);
                cluster.start();
                admin.awaitFullIsr(TOPIC, 3, REJOIN);
                cluster.awaitLogLine(crashedController, "This member is in the CP group", REJOIN);
                writes.awaitProgress(500, FAILOVER);

                // The controller hangs: the others notice within seconds, elect another and move its leaders.
                int controller = admin.controllerId();
                cluster.pause(controller);
                long pausedAt = System.nanoTime();
                await("a new controller").atMost(FAILOVER).ignoreExceptions()
                        .until(() -> admin.controllerId() != controller && admin.controllerId() != -1);
                admin.awaitLeadersOtherThan(TOPIC, controller, FAILOVER);
                System.out.printf("Hung controller %d replaced, its partitions led by others, after %.1f s%n",
                        controller, seconds(pausedAt));
                writes.awaitProgress(500, FAILOVER);
                cluster.resume(controller);
                long resumedAt = System.nanoTime();
                admin.awaitFullIsr(TOPIC, 3, REJOIN);
                System.out.printf("Resumed broker %d back in every ISR after %.1f s%n", controller, seconds(resumedAt));
                writes.awaitProgress(500, FAILOVER);
            }
            writes.assertNoFailedSends();
        }
        writes.assertEveryAcknowledgedRecordIsThereOnce(cluster.bootstrapServers());
        System.out.printf("%d acknowledged records checked%n", writes.acknowledgedCount());

        // Everything stops and starts again: nothing acknowledged is lost.
        cluster.stop();
        cluster.start();
        try (ClusterAdmin admin = ClusterAdmin.connect(cluster.bootstrapServers())) {
            admin.awaitFullIsr(TOPIC, 3, REJOIN);
        }
        writes.assertEveryAcknowledgedRecordIsThereOnce(cluster.bootstrapServers());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
