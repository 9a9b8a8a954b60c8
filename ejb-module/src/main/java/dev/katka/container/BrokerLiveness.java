package dev.katka.container;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness ({@code /health/live}): DOWN when the broker runs but its Kafka listener is closed or
 * one of its network threads does not answer within two seconds; a process in that state serves
 * nobody and should be restarted. While the broker starts or stops there is nothing to be stuck
 * yet, so it is UP: restarting a broker that is recovering its logs would only start recovery over.
 *
 * <p>Thread-safe; stateless.
 */
@Liveness
@ApplicationScoped
public class BrokerLiveness implements HealthCheck {

    static final String NAME = "katka-network";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Inject
    RunningBroker running;

    @Override
    public HealthCheckResponse call() {
        return running.get()
                .map(broker -> HealthCheckResponse.named(NAME)
                        .status(broker.listenerRespondsWithin(TIMEOUT))
                        .withData("nodeId", broker.config().nodeId())
                        .build())
                .orElseGet(() -> HealthCheckResponse.named(NAME).up().withData("broker", "not running").build());
    }
}
