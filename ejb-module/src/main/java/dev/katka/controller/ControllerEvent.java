package dev.katka.controller;

import dev.katka.metadata.BrokerRegistration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Uuid;

/**
 * What the controller state machine is told. Requests carry an id that the matching
 * {@link ControllerAction.Reply} names.
 */
public sealed interface ControllerEvent {

    /** An event that is a request and gets exactly one {@link ControllerAction.Reply}. */
    sealed interface Request extends ControllerEvent {
        long requestId();
    }

    /** This controller just took office: the brokers alive right now, as membership sees them. */
    record TookOffice(Set<BrokerRegistration> aliveBrokers, long now) implements ControllerEvent {
    }

    /** A broker announced itself (first start, or a restart: a new incarnation). */
    record BrokerStarted(BrokerRegistration registration) implements ControllerEvent {
    }

    /** Failure detection (or a clean shutdown) removed a broker. */
    record BrokerFailed(int brokerId) implements ControllerEvent {
    }

    /**
     * A request that may only be checked: {@code validateOnly} answers as the change would be
     * answered, and changes nothing.
     */
    sealed interface Validatable extends Request {
        boolean validateOnly();
    }

    /**
     * @param assignment replica lists per partition, or null to let the controller place them
     */
    record CreateTopic(long requestId, String name, int partitions, short replicationFactor,
                       Map<String, String> configs, List<List<Integer>> assignment, boolean validateOnly)
            implements Validatable {
    }

    record DeleteTopic(long requestId, Uuid topicId) implements Request {
    }

    record CreatePartitions(long requestId, Uuid topicId, int count, boolean validateOnly) implements Validatable {
    }

    /** Replaces a topic's configuration overrides with {@code configs}. */
    record AlterConfigs(long requestId, Uuid topicId, Map<String, String> configs, boolean validateOnly)
            implements Validatable {
    }

    /** A leader asks to change its partition's ISR (AlterPartition). */
    record AlterPartition(long requestId, int leader, Uuid topicId, int partition, int leaderEpoch,
                          int partitionEpoch, List<Integer> newIsr) implements Request {
    }

    /**
     * Move a partition's replicas (AlterPartitionReassignments); {@code targetReplicas} null cancels
     * a reassignment under way.
     *
     * @param allowReplicationFactorChange false refuses a target with another number of replicas
     */
    record Reassign(long requestId, Uuid topicId, int partition, List<Integer> targetReplicas,
                    boolean allowReplicationFactorChange) implements Request {
        public Reassign(long requestId, Uuid topicId, int partition, List<Integer> targetReplicas) {
            this(requestId, topicId, partition, targetReplicas, true);
        }
    }

    /**
     * Elect leaders (ElectLeaders): PREFERRED makes the preferred replica lead where it is alive and
     * in sync; UNCLEAN gives partitions without a leader one, from outside the ISR if need be. The
     * reply's value is the outcome per partition, a {@code Map<TopicPartition, ApiError>}.
     *
     * @param partitions partition indexes by topic name; null for every partition, whose answer
     *                   then leaves out those that needed no election (as Kafka's)
     */
    record ElectLeaders(long requestId, ElectionType type, Map<String, Set<Integer>> partitions) implements Request {
    }

    record AllocateProducerIds(long requestId, int count) implements Request {
    }

    /** Time passes: periodic work (automatic preferred leader election). */
    record Tick(long now) implements ControllerEvent {
    }
}
