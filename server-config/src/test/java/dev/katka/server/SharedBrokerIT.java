package dev.katka.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One broker for the whole class through {@link KatkaBrokerExtension}, the way protocol-level
 * tests (produce, consume) share a broker: both tests see the same process.
 */
class SharedBrokerIT {

    @RegisterExtension
    static final KatkaBrokerExtension BROKER = new KatkaBrokerExtension(broker -> broker.withEnv("KATKA_NODE_ID", "3"));

    private static long firstPid;

    @Test
    void theBrokerRunsAndTheLauncherReportsIt() {
        KatkaProcess broker = BROKER.broker();
        assertThat(broker.kafkaPortAnswers()).isTrue();
        Launcher.LauncherResult status = broker.status();
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("bootstrap.servers=" + BROKER.bootstrapServers());
        assertThat(broker.log()).contains("Katka broker 3 ready: bootstrap.servers=" + BROKER.bootstrapServers());
        rememberPid(broker);
    }

    @Test
    void everyTestOfTheClassSharesTheOneProcess() {
        rememberPid(BROKER.broker());
    }

    private static synchronized void rememberPid(KatkaProcess broker) {
        long pid = broker.process().orElseThrow().pid();
        if (firstPid == 0) {
            firstPid = pid;
        }
        assertThat(pid).isEqualTo(firstPid);
    }
}
