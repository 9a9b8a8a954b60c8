package dev.katka.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.broker.TestBroker;
import dev.katka.partition.Partition;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Produce at the protocol level: the error codes a bad batch gets, idempotent de-duplication and
 * acks=0, with requests no well-behaved client would send.
 */
class ProduceProtocolTest {

    private static final short VERSION = ApiKeys.PRODUCE.latestVersion();

    @TempDir
    static Path dataDir;

    private static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dataDir, Map.of("message.max.bytes", "10000"));
        try (ProtocolClient client = client()) {
            CreatableTopicCollection topics = new CreatableTopicCollection();
            for (String name : List.of("plain", "idempotent", "fire-and-forget")) {
                topics.add(new CreatableTopic().setName(name).setNumPartitions(2).setReplicationFactor((short) 1));
            }
            CreateTopicsResponse created = client.send(new CreateTopicsRequest.Builder(
                    new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(10_000)).build());
            created.data().topics().forEach(t -> assertThat(t.errorCode()).isZero());
        }
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aBatchWithABadChecksumIsRefusedAndNothingIsWritten() throws Exception {
        MemoryRecords records = records(3);
        ByteBuffer corrupt = records.buffer().duplicate();
        int lastByte = corrupt.limit() - 1;
        corrupt.put(lastByte, (byte) (corrupt.get(lastByte) ^ 0x55));
        long endBefore = partition("plain", 0).logEndOffset();

        try (ProtocolClient client = client()) {
            PartitionProduceResponse response = produceOne(client, "plain", 0, MemoryRecords.readableRecords(corrupt), (short) 1);

            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
            assertThat(partition("plain", 0).logEndOffset()).isEqualTo(endBefore);
            assertThat(produceOne(client, "plain", 0, records(1), (short) 1).errorCode())
                    .as("the connection and the partition keep working").isZero();
        }
    }

    @Test
    void aBatchLargerThanTheTopicAllowsIsRefusedWithMessageTooLarge() throws Exception {
        try (ProtocolClient client = client()) {
            MemoryRecords big = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(new byte[20_000]));

            PartitionProduceResponse response = produceOne(client, "plain", 1, big, (short) -1);

            assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.MESSAGE_TOO_LARGE);
            assertThat(response.errorMessage()).contains("10000");
        }
    }

    @Test
    void unknownTopicsAndPartitionsAndBadAcksGetTheirErrors() throws Exception {
        try (ProtocolClient client = client()) {
            assertThat(Errors.forCode(produceOne(client, "nowhere", 0, records(1), (short) 1).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(Errors.forCode(produceOne(client, "plain", 7, records(1), (short) 1).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(Errors.forCode(produceOne(client, "plain", 0, records(1), (short) 2).errorCode()))
                    .isEqualTo(Errors.INVALID_REQUIRED_ACKS);
        }
    }

    @Test
    void aRetriedIdempotentBatchIsAcknowledgedWithItsOriginalOffsetAndWrittenOnce() throws Exception {
        long producerId = 4242;
        try (ProtocolClient client = client()) {
            PartitionProduceResponse first = produceOne(client, "idempotent", 0, idempotent(producerId, 0, 0, 5), (short) -1);
            PartitionProduceResponse second = produceOne(client, "idempotent", 0, idempotent(producerId, 0, 5, 5), (short) -1);
            long end = partition("idempotent", 0).logEndOffset();

            PartitionProduceResponse retry = produceOne(client, "idempotent", 0, idempotent(producerId, 0, 0, 5), (short) -1);

            assertThat(retry.errorCode()).isZero();
            assertThat(retry.baseOffset()).isEqualTo(first.baseOffset());
            assertThat(second.baseOffset()).isEqualTo(first.baseOffset() + 5);
            assertThat(partition("idempotent", 0).logEndOffset()).isEqualTo(end);
        }
    }

    @Test
    void aGapInSequenceNumbersIsOutOfOrderAndAnOldEpochIsFenced() throws Exception {
        long producerId = 777;
        try (ProtocolClient client = client()) {
            assertThat(produceOne(client, "idempotent", 1, idempotent(producerId, 1, 0, 3), (short) -1).errorCode()).isZero();

            PartitionProduceResponse gap = produceOne(client, "idempotent", 1, idempotent(producerId, 1, 10, 3), (short) -1);
            PartitionProduceResponse oldEpoch = produceOne(client, "idempotent", 1, idempotent(producerId, 0, 3, 3), (short) -1);

            assertThat(Errors.forCode(gap.errorCode())).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
            assertThat(Errors.forCode(oldEpoch.errorCode())).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
            assertThat(produceOne(client, "idempotent", 1, idempotent(producerId, 1, 3, 3), (short) -1).errorCode())
                    .as("the producer continues where it was").isZero();
        }
    }

    @Test
    void acksZeroGetsNoResponseButAFailureClosesTheConnection() throws Exception {
        try (ProtocolClient client = client()) {
            long before = partition("fire-and-forget", 0).logEndOffset();
            client.sendOnly(produceRequest("fire-and-forget", 0, records(4), (short) 0));
            // The next request's response is the next thing on the wire: acks=0 was not answered.
            assertThat(produceOne(client, "fire-and-forget", 0, records(1), (short) 1).baseOffset()).isEqualTo(before + 4);

            client.sendOnly(produceRequest("nowhere", 0, records(1), (short) 0));

            assertThat(client.isClosedByBroker()).isTrue();
        }
    }

    private static PartitionProduceResponse produceOne(ProtocolClient client, String topic, int partition,
                                                       MemoryRecords records, short acks) throws Exception {
        ProduceResponse response = client.send(produceRequest(topic, partition, records, acks));
        return response.data().responses().iterator().next().partitionResponses().get(0);
    }

    private static ProduceRequest produceRequest(String topic, int partition, MemoryRecords records, short acks) {
        TopicProduceDataCollection topics = new TopicProduceDataCollection();
        topics.add(new TopicProduceData().setName(topic).setPartitionData(List.of(
                new PartitionProduceData().setIndex(partition).setRecords(records))));
        // Version 12: by topic name (13 addresses topics by id).
        return new ProduceRequest(new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000).setTopicData(topics),
                (short) Math.min(VERSION, 12));
    }

    private static MemoryRecords records(int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), ("k" + i).getBytes(), ("v" + i).getBytes());
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static MemoryRecords idempotent(long producerId, int epoch, int firstSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, ("seq" + (firstSequence + i)).getBytes());
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) epoch, firstSequence, records);
    }

    private static Partition partition(String topic, int index) {
        return broker.broker().partitions().get(new TopicPartition(topic, index)).orElseThrow();
    }

    private static ProtocolClient client() throws Exception {
        return new ProtocolClient(broker.broker().boundAddress());
    }
}
