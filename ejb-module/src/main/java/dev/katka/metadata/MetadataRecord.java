package dev.katka.metadata;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * One change to the cluster's metadata. Only the controller writes them; every broker applies
 * them, in version order, to its {@link MetadataImage}.
 */
public sealed interface MetadataRecord {

    /** A broker started (or started again): it is alive and may hold replicas. */
    record RegisterBroker(BrokerRegistration registration) implements MetadataRecord {
    }

    /** A broker is gone (failure detected, or shut down): it leads nothing and is in no ISR. */
    record FenceBroker(int brokerId) implements MetadataRecord {
    }

    record CreateTopic(TopicImage topic) implements MetadataRecord {
    }

    record DeleteTopic(Uuid topicId) implements MetadataRecord {
    }

    record ChangeTopicConfigs(Uuid topicId, Map<String, String> configs) implements MetadataRecord {
    }

    record AddPartitions(Uuid topicId, List<PartitionState> partitions) implements MetadataRecord {
    }

    /** A partition's leader, ISR, replicas or epochs changed. */
    record ChangePartition(Uuid topicId, int partition, PartitionState state) implements MetadataRecord {
    }

    /** Producer ids below {@code nextProducerId} are handed out. */
    record AllocateProducerIds(long nextProducerId) implements MetadataRecord {
    }
}
