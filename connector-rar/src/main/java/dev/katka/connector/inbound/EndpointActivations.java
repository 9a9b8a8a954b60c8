package dev.katka.connector.inbound;

import dev.katka.connector.config.Placeholders;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message-driven beans the resource adapter delivers to, by the pair the container names
 * them with in activation and deactivation.
 *
 * <p>Thread-safe.
 */
public final class EndpointActivations {

    private record Key(MessageEndpointFactory factory, ActivationSpec spec) {
    }

    private final Map<Key, InboundActivation> active = new ConcurrentHashMap<>();

    /**
     * Starts delivering to the bean of {@code factory} as {@code spec} says.
     *
     * @return what stops it
     */
    public AutoCloseable activate(MessageEndpointFactory factory, ActivationSpec spec, WorkManager workManager)
            throws ResourceException {
        if (!(spec instanceof KatkaActivationSpec katkaSpec)) {
            throw new NotSupportedException("not an activation spec of Katka: " + spec);
        }
        InboundActivation activation = InboundActivation.start(katkaSpec.settings(Placeholders.ofThisProcess()), factory,
                workManager);
        InboundActivation earlier = active.put(new Key(factory, spec), activation);
        if (earlier != null) {
            earlier.close();
        }
        return activation;
    }

    /**
     * Stops delivering to the bean of {@code factory}; returns once its consumer has left the group.
     *
     * @return what was stopped, or null when nothing was active for that pair
     */
    public AutoCloseable deactivate(MessageEndpointFactory factory, ActivationSpec spec) {
        InboundActivation activation = active.remove(new Key(factory, spec));
        if (activation != null) {
            activation.close();
        }
        return activation;
    }
}
