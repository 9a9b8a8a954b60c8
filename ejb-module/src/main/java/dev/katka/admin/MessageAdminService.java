package dev.katka.admin;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@link MessageAdmin} with kafka-clients: a consumer of its own per browse request
 * ({@link MessageBrowser}), the shared producer for sending. The topic is looked up first, so an
 * unknown topic is a clear "does not exist" and never auto-created by the browser or the producer.
 *
 * <p>Stateless: the container gives each call an instance of its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MessageAdminService implements MessageAdmin {

    /** DeleteRecords' offset for "up to the high watermark". */
    private static final long HIGH_WATERMARK = -1;

    @EJB
    private AdminConnection connection;

    private ClusterClients clients;

    public MessageAdminService() {
    }

    /** Outside a container (tests). */
    MessageAdminService(ClusterClients clients) {
        this.clients = clients;
    }

    @PostConstruct
    void connect() {
        clients = connection.clients();
    }

    @Override
    public List<Message> browse(String topic, BrowseQuery query) {
        BrowseQuery checked = query == null ? BrowseQuery.all() : query;
        checked.checkStartingPoint();
        int limit = checked.checkedLimit();
        checked.newestFirst();
        checked.rendering();
        int partitionCount = partitionCount(topic);
        List<TopicPartition> partitions = checked.partition() == null
                ? IntStream.range(0, partitionCount).mapToObj(p -> new TopicPartition(topic, p)).toList()
                : List.of(new TopicPartition(topic, checkedPartition(topic, checked.partition(), partitionCount)));
        try (MessageBrowser browser = new MessageBrowser(clients.openConsumer(limit))) {
            return browser.browse(partitions, checked);
        } catch (KafkaException e) {
            throw KafkaAnswers.translate(e, "the messages of " + TopicAdminService.describe(topic));
        }
    }

    @Override
    public SentMessage send(String topic, MessageToSend message) {
        if (message == null) {
            throw AdminException.invalid("a message is required: {\"key\": ..., \"value\": ..., \"headers\": {...}, \"partition\": ...}");
        }
        int partitionCount = partitionCount(topic);
        Integer partition = message.partition() == null ? null
                : checkedPartition(topic, message.partition(), partitionCount);
        RecordHeaders headers = new RecordHeaders();
        if (message.headers() != null) {
            message.headers().forEach((name, value) -> headers.add(name, bytes(value)));
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, null, bytes(message.key()),
                bytes(message.value()), headers);
        RecordMetadata written;
        try {
            written = KafkaAnswers.await(clients.producer().send(record), "a message to " + TopicAdminService.describe(topic));
        } catch (KafkaException e) {
            throw KafkaAnswers.translate(e, "a message to " + TopicAdminService.describe(topic));
        }
        return new SentMessage(written.partition(), written.offset(), written.timestamp());
    }

    @Override
    public List<PurgedPartition> purge(String topic, Integer partition, Long beforeOffset) {
        if (partition == null && beforeOffset != null) {
            throw AdminException.invalid("beforeOffset " + beforeOffset + " needs a partition: offsets differ between"
                    + " partitions (leave both out to purge every partition)");
        }
        if (beforeOffset != null && beforeOffset < 0) {
            throw AdminException.invalid("beforeOffset must be 0 or more, not " + beforeOffset);
        }
        int partitionCount = partitionCount(topic);
        Map<TopicPartition, RecordsToDelete> wanted = new LinkedHashMap<>();
        IntStream partitions = partition == null ? IntStream.range(0, partitionCount)
                : IntStream.of(checkedPartition(topic, partition, partitionCount));
        partitions.forEach(p -> wanted.put(new TopicPartition(topic, p),
                RecordsToDelete.beforeOffset(beforeOffset == null ? HIGH_WATERMARK : beforeOffset)));
        Map<TopicPartition, KafkaFuture<DeletedRecords>> deleted = clients.admin().deleteRecords(wanted).lowWatermarks();
        return wanted.keySet().stream()
                .map(tp -> new PurgedPartition(tp.partition(), lowWatermark(tp, deleted.get(tp), beforeOffset)))
                .toList();
    }

    /** DeleteRecords' answer carries no message: an offset past the end is explained here. */
    private long lowWatermark(TopicPartition tp, KafkaFuture<DeletedRecords> deleted, Long beforeOffset) {
        String partition = "partition " + tp.partition() + " of " + TopicAdminService.describe(tp.topic());
        try {
            return KafkaAnswers.await(deleted, "the records of " + partition).lowWatermark();
        } catch (AdminException e) {
            if (e.getCause() instanceof OffsetOutOfRangeException) {
                long end = KafkaAnswers.await(clients.admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp),
                        "the end of " + partition).offset();
                throw AdminException.invalid("beforeOffset " + beforeOffset + " lies beyond the end of " + partition
                        + " (offset " + end + ")");
            }
            throw e;
        }
    }

    private int partitionCount(String topic) {
        return KafkaAnswers.await(clients.admin().describeTopics(List.of(topic)).allTopicNames(),
                TopicAdminService.describe(topic)).get(topic).partitions().size();
    }

    private static int checkedPartition(String topic, int partition, int partitionCount) {
        if (partition < 0 || partition >= partitionCount) {
            throw AdminException.invalid("partition must be between 0 and " + (partitionCount - 1) + " for "
                    + TopicAdminService.describe(topic) + ", not " + partition);
        }
        return partition;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
