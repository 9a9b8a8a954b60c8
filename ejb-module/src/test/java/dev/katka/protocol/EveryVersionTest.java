package dev.katka.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.broker.TestBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every API the broker advertises, in every version it advertises: answered without error.
 * Clients other than kafka-clients 4 (librdkafka, older Java clients) use older versions, and a
 * response field set outside its versions fails only when that version is asked for.
 */
class EveryVersionTest {

    @TempDir
    static Path dataDir;

    private static TestBroker broker;
    private static Uuid topicId;

    @BeforeAll
    static void start() throws Exception {
        // No initial delay: a group's first rebalance completes as soon as its one member joined.
        broker = TestBroker.start(dataDir, java.util.Map.of(
                dev.katka.config.BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, "0",
                dev.katka.config.BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "3"));
        topicId = broker.broker().topics().create("versions", 2, (short) 1, java.util.Map.of(), false).id();
        broker.broker().topics().create(dev.katka.group.OffsetsTopic.NAME, 3, (short) 1,
                java.util.Map.of("cleanup.policy", "compact"), false);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> broker.broker().groups().loadedPartitions().size() == 3);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static Stream<Arguments> servedVersions() {
        return Stream.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS,
                        ApiKeys.INIT_PRODUCER_ID, ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.DELETE_TOPICS,
                        ApiKeys.DESCRIBE_CONFIGS, ApiKeys.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS,
                        ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_LOG_DIRS, ApiKeys.DELETE_RECORDS,
                        ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.ENVELOPE,
                        ApiKeys.ALTER_PARTITION_REASSIGNMENTS, ApiKeys.LIST_PARTITION_REASSIGNMENTS, ApiKeys.ELECT_LEADERS)
                .flatMap(api -> IntStream.rangeClosed(api.oldestVersion(), api.latestVersion())
                        .mapToObj(v -> Arguments.of(api, (short) v)));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("servedVersions")
    void isAnsweredWithoutError(ApiKeys api, short version) throws Exception {
        // Only brokers send Envelope.
        String clientId = api == ApiKeys.ENVELOPE ? "katka-broker-" + broker.broker().config().nodeId() : "protocol-test";
        try (ProtocolClient client = new ProtocolClient(broker.broker().boundAddress(), clientId)) {
            AbstractResponse response = client.send(request(api, version));

            assertThat(response.errorCounts().keySet()).as(response.data().toString()).containsOnly(Errors.NONE);
        }
    }

    static Stream<Arguments> groupVersions() {
        return Stream.of(ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT,
                        ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH, ApiKeys.DESCRIBE_GROUPS,
                        ApiKeys.LIST_GROUPS, ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE)
                .flatMap(api -> IntStream.rangeClosed(api.oldestVersion(), api.latestVersion())
                        .mapToObj(v -> Arguments.of(api, (short) v)));
    }

    /** The group APIs, each in a group brought to the state the request needs (by requests in the latest versions). */
    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("groupVersions")
    void groupApiIsAnsweredWithoutError(ApiKeys api, short version) throws Exception {
        try (ProtocolClient client = new ProtocolClient(broker.broker().boundAddress())) {
            AbstractResponse response = client.send(new GroupRequests(client, topic(), topicId)
                    .request(api, version, api.name().toLowerCase() + "-" + version));

            assertThat(response.errorCounts().keySet()).as(response.data().toString()).containsOnly(Errors.NONE);
        }
    }

    private static String topic() {
        return "versions";
    }

    /** A request from its message, for request types whose constructor kafka-clients keeps private. */
    static AbstractRequest parsed(ApiKeys api, short v, org.apache.kafka.common.protocol.ApiMessage data) {
        return AbstractRequest.parseRequest(api, v, new org.apache.kafka.common.protocol.ByteBufferAccessor(
                org.apache.kafka.common.protocol.MessageUtil.toByteBufferAccessor(data, v).buffer())).request;
    }

    private static AbstractRequest request(ApiKeys api, short v) {
        String topic = "versions";
        String scratch = "scratch-" + v;
        return switch (api) {
            case API_VERSIONS -> new ApiVersionsRequest(new ApiVersionsRequestData()
                    .setClientSoftwareName("test").setClientSoftwareVersion("1"), v);
            case METADATA -> new MetadataRequest(new MetadataRequestData().setAllowAutoTopicCreation(v < 4)
                    .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName(topic))), v);
            case PRODUCE -> {
                ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
                ProduceRequestData.TopicProduceData data = v >= 13
                        ? new ProduceRequestData.TopicProduceData().setTopicId(topicId)
                        : new ProduceRequestData.TopicProduceData().setName(topic);
                topics.add(data.setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0)
                        .setRecords(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()))))));
                yield new ProduceRequest(new ProduceRequestData().setAcks((short) 1).setTimeoutMs(5000)
                        .setTopicData(topics), v);
            }
            case FETCH -> {
                FetchRequestData.FetchTopic fetchTopic = v >= 13
                        ? new FetchRequestData.FetchTopic().setTopicId(topicId)
                        : new FetchRequestData.FetchTopic().setTopic(topic);
                fetchTopic.setPartitions(List.of(new FetchRequestData.FetchPartition().setPartition(0)
                        .setFetchOffset(0).setPartitionMaxBytes(1 << 20)));
                FetchRequestData data = new FetchRequestData().setMaxWaitMs(0).setMinBytes(0)
                        .setTopics(List.of(fetchTopic));
                if (v >= 15) {
                    data.setReplicaState(new FetchRequestData.ReplicaState().setReplicaId(-1));
                } else {
                    data.setReplicaId(-1);
                }
                yield new FetchRequest(data, v);
            }
            case LIST_OFFSETS -> parsed(api, v, new ListOffsetsRequestData().setReplicaId(-1)
                    .setTopics(List.of(new ListOffsetsRequestData.ListOffsetsTopic().setName(topic)
                            .setPartitions(List.of(new ListOffsetsRequestData.ListOffsetsPartition()
                                    .setPartitionIndex(0).setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP))))));
            case INIT_PRODUCER_ID -> new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                    .setTransactionalId(null).setTransactionTimeoutMs(60_000)).build(v);
            case CREATE_TOPICS -> {
                CreatableTopicCollection topics = new CreatableTopicCollection();
                topics.add(new CreatableTopic().setName(scratch).setNumPartitions(1).setReplicationFactor((short) 1));
                yield new CreateTopicsRequest(new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5000), v);
            }
            case CREATE_PARTITIONS -> {
                broker.broker().topics().create("grow-" + v, 1, (short) 1, java.util.Map.of(), false);
                CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                        new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
                topics.add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName("grow-" + v).setCount(2)
                        .setAssignments(null));
                yield new CreatePartitionsRequest.Builder(new CreatePartitionsRequestData().setTopics(topics)
                        .setTimeoutMs(5000)).build(v);
            }
            case DELETE_TOPICS -> {
                broker.broker().topics().create("delete-" + v, 1, (short) 1, java.util.Map.of(), false);
                DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(5000);
                if (v >= 6) {
                    data.setTopics(List.of(new DeleteTopicsRequestData.DeleteTopicState().setName("delete-" + v)));
                } else {
                    data.setTopicNames(List.of("delete-" + v));
                }
                yield new DeleteTopicsRequest.Builder(data).build(v);
            }
            case DESCRIBE_CONFIGS -> new DescribeConfigsRequest(new DescribeConfigsRequestData()
                    .setResources(List.of(
                            new DescribeConfigsRequestData.DescribeConfigsResource()
                                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic),
                            new DescribeConfigsRequestData.DescribeConfigsResource()
                                    .setResourceType(ConfigResource.Type.BROKER.id()).setResourceName("1")))
                    .setIncludeSynonyms(v >= 1).setIncludeDocumentation(v >= 3), v);
            case ALTER_CONFIGS -> {
                AlterConfigsRequestData.AlterableConfigCollection configs = new AlterConfigsRequestData.AlterableConfigCollection();
                configs.add(new AlterConfigsRequestData.AlterableConfig().setName("retention.ms").setValue("3600000"));
                AlterConfigsRequestData.AlterConfigsResourceCollection resources =
                        new AlterConfigsRequestData.AlterConfigsResourceCollection();
                resources.add(new AlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic).setConfigs(configs));
                yield new AlterConfigsRequest(new AlterConfigsRequestData().setResources(resources), v);
            }
            case INCREMENTAL_ALTER_CONFIGS -> {
                IncrementalAlterConfigsRequestData.AlterableConfigCollection configs =
                        new IncrementalAlterConfigsRequestData.AlterableConfigCollection();
                configs.add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                        .setValue("7200000").setConfigOperation((byte) 0));
                IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection resources =
                        new IncrementalAlterConfigsRequestData.AlterConfigsResourceCollection();
                resources.add(new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                        .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(topic).setConfigs(configs));
                yield new IncrementalAlterConfigsRequest(new IncrementalAlterConfigsRequestData().setResources(resources), v);
            }
            case DESCRIBE_CLUSTER -> new DescribeClusterRequest(new DescribeClusterRequestData(), v);
            case DESCRIBE_LOG_DIRS -> new org.apache.kafka.common.requests.DescribeLogDirsRequest.Builder(
                    new org.apache.kafka.common.message.DescribeLogDirsRequestData().setTopics(null)).build(v);
            case DELETE_RECORDS -> new org.apache.kafka.common.requests.DeleteRecordsRequest.Builder(
                    new org.apache.kafka.common.message.DeleteRecordsRequestData().setTimeoutMs(5000).setTopics(List.of(
                            new org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic()
                                    .setName(topic).setPartitions(List.of(
                                            new org.apache.kafka.common.message.DeleteRecordsRequestData
                                                    .DeleteRecordsPartition().setPartitionIndex(1).setOffset(-1))))))
                    .build(v);
            case OFFSET_FOR_LEADER_EPOCH -> {
                org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection topics =
                        new org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection();
                topics.add(new org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic()
                        .setTopic(topic).setPartitions(List.of(
                                new org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition()
                                        .setPartition(0).setLeaderEpoch(0).setCurrentLeaderEpoch(-1))));
                yield parsed(api, v, new org.apache.kafka.common.message.OffsetForLeaderEpochRequestData()
                        .setReplicaId(-1).setTopics(topics));
            }
            case ALTER_PARTITION_REASSIGNMENTS -> new org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest
                    .Builder(new org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData().setTimeoutMs(5000)
                    .setTopics(List.of(new org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData
                            .ReassignableTopic().setName(topic).setPartitions(List.of(
                                    new org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData
                                            .ReassignablePartition().setPartitionIndex(0)
                                            .setReplicas(List.of(broker.broker().config().nodeId()))))))).build(v);
            case LIST_PARTITION_REASSIGNMENTS -> new org.apache.kafka.common.requests.ListPartitionReassignmentsRequest
                    .Builder(new org.apache.kafka.common.message.ListPartitionReassignmentsRequestData().setTimeoutMs(5000)
                    .setTopics(null)).build(v);
            // Every partition: those that need no election are left out, so the answer has no error.
            case ELECT_LEADERS -> new org.apache.kafka.common.requests.ElectLeadersRequest.Builder(
                    org.apache.kafka.common.ElectionType.PREFERRED, null, 5000).build(v);
            case ENVELOPE -> EnvelopeHandlerTest.envelope(request(ApiKeys.CREATE_TOPICS,
                    ApiKeys.CREATE_TOPICS.latestVersion()), "protocol-test");
            default -> throw new IllegalArgumentException(api.toString());
        };
    }
}
