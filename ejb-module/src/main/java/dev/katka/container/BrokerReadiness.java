package dev.katka.container;

import dev.katka.broker.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness ({@code /health/ready}): UP once the broker has recovered its logs, is registered in
 * the cluster's metadata and knows the controller; DOWN while it starts and from the moment it
 * begins to stop, so a load balancer sends no new clients to it then.
 *
 * <p>Thread-safe; stateless.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    static final String NAME = "katka-broker";

    @Inject
    RunningBroker running;

    @Override
    public HealthCheckResponse call() {
        Broker broker = running.get().orElse(null);
        if (broker == null) {
            return HealthCheckResponse.named(NAME).down().withData("broker", "not running").build();
        }
        return HealthCheckResponse.named(NAME).status(broker.isReady())
                .withData("nodeId", broker.config().nodeId())
                .build();
    }
}
