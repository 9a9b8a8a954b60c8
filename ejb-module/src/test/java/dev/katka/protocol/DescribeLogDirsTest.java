package dev.katka.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.katka.broker.TestBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code Admin.describeLogDirs} and {@code kafka-log-dirs.sh} show of a Katka broker: its
 * data directory as the one log directory, the size of each partition replica it holds, and the
 * space of the volume.
 */
class DescribeLogDirsTest {

    private static final String TOPIC = "sized";

    @TempDir
    static Path dataDir;

    private static TestBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dataDir);
        admin = Admin.create(broker.clientProperties());
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        var settings = broker.clientProperties();
        settings.put("key.serializer", StringSerializer.class.getName());
        settings.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "key-" + i, "value-" + i)).get();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        broker.close();
    }

    @Test
    void everyReplicaIsListedWithTheSizeOfItsLog() throws Exception {
        int id = broker.broker().config().nodeId();

        Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(id)).allDescriptions().get().get(id);

        assertThat(dirs).containsOnlyKeys(logDir());
        LogDirDescription dir = dirs.values().iterator().next();
        ReplicaInfo written = dir.replicaInfos().get(new TopicPartition(TOPIC, 0));
        ReplicaInfo empty = dir.replicaInfos().get(new TopicPartition(TOPIC, 1));
        assertThat(written.size()).isPositive()
                .isEqualTo(broker.broker().partitions().get(new TopicPartition(TOPIC, 0)).orElseThrow().sizeInBytes());
        assertThat(empty.size()).isZero();
        assertThat(written.offsetLag()).isZero();
        assertThat(dir.totalBytes().orElseThrow()).isPositive().isGreaterThanOrEqualTo(dir.usableBytes().orElseThrow());
    }

    @Test
    void aReplicaAskedForByNameIsFoundInTheDataDirectory() throws Exception {
        int id = broker.broker().config().nodeId();
        TopicPartitionReplica replica = new TopicPartitionReplica(TOPIC, 0, id);
        TopicPartitionReplica absent = new TopicPartitionReplica("no-such-topic", 0, id);

        var answers = admin.describeReplicaLogDirs(List.of(replica, absent)).all().get();

        assertThat(answers.get(replica).getCurrentReplicaLogDir()).isEqualTo(logDir());
        assertThat(answers.get(replica).getCurrentReplicaOffsetLag()).isZero();
        assertThat(answers.get(absent).getCurrentReplicaLogDir()).isNull();
    }

    private static String logDir() {
        return broker.broker().config().dataDir().toAbsolutePath().toString();
    }
}
