package dev.katka.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.broker.TestBroker;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.EnvelopeRequest;
import org.apache.kafka.common.requests.EnvelopeResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Envelope on a broker that runs alone (and so is the controller): what a forwarding broker
 * gets, and what anyone else gets.
 */
class EnvelopeHandlerTest {

    @TempDir
    static Path dataDir;

    private static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(dataDir);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** An envelope as a broker forwards it: the client's request with its header, principal, address. */
    static EnvelopeRequest envelope(AbstractRequest inner, String clientId) {
        RequestHeader header = new RequestHeader(inner.apiKey(), inner.version(), clientId, 42);
        return new EnvelopeRequest.Builder(inner.serializeWithHeader(header),
                new DefaultKafkaPrincipalBuilder(null, null).serialize(KafkaPrincipal.ANONYMOUS),
                InetAddress.getLoopbackAddress().getAddress()).build(ApiKeys.ENVELOPE.latestVersion());
    }

    private static CreateTopicsRequest createTopic(String name) {
        CreatableTopicCollection topics = new CreatableTopicCollection();
        topics.add(new CreatableTopic().setName(name).setNumPartitions(1).setReplicationFactor((short) 1));
        return new CreateTopicsRequest.Builder(new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(5000)).build();
    }

    private static String brokerClientId() {
        return EnvelopeHandler.BROKER_CLIENT_ID_PREFIX + broker.broker().config().nodeId();
    }

    @Test
    void aBrokersEnvelopeIsAnsweredWithTheSerializedResponseOfTheInnerRequest() throws Exception {
        CreateTopicsRequest inner = createTopic("enveloped");
        try (ProtocolClient client = new ProtocolClient(broker.broker().boundAddress(), brokerClientId())) {
            EnvelopeResponse response = client.send(envelope(inner, "the-real-client"));

            assertThat(response.error()).isEqualTo(Errors.NONE);
            ByteBuffer payload = response.responseData();
            CreateTopicsResponse created = (CreateTopicsResponse) AbstractResponse.parseResponse(payload,
                    new RequestHeader(ApiKeys.CREATE_TOPICS, inner.version(), "the-real-client", 42));
            assertThat(created.data().topics().find("enveloped").errorCode()).isEqualTo(Errors.NONE.code());
        }
        assertThat(broker.broker().topics().get("enveloped")).isPresent();
    }

    @Test
    void anEnvelopeFromAClientThatIsNotABrokerIsRefused() throws Exception {
        try (ProtocolClient client = new ProtocolClient(broker.broker().boundAddress(), "some-client")) {
            EnvelopeResponse response = client.send(envelope(createTopic("smuggled"), "some-client"));

            assertThat(response.error()).isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED);
        }
        try (ProtocolClient client = new ProtocolClient(broker.broker().boundAddress(), "katka-broker-99")) {
            EnvelopeResponse response = client.send(envelope(createTopic("smuggled"), "some-client"));

            assertThat(response.error()).as("a broker id that is not alive").isEqualTo(Errors.CLUSTER_AUTHORIZATION_FAILED);
        }
        assertThat(broker.broker().topics().get("smuggled")).isEmpty();
    }

    @Test
    void anEnvelopeAroundARequestThatIsNotForTheControllerIsInvalid() throws Exception {
        MetadataRequest metadata = new MetadataRequest.Builder(new MetadataRequestData()
                .setTopics(List.of(new MetadataRequestData.MetadataRequestTopic().setName("any")))).build();
        try (ProtocolClient client = new ProtocolClient(broker.broker().boundAddress(), brokerClientId())) {
            EnvelopeResponse response = client.send(envelope(metadata, "some-client"));

            assertThat(response.error()).isEqualTo(Errors.INVALID_REQUEST);
        }
    }
}
