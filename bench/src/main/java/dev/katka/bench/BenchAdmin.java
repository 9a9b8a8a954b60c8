package dev.katka.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The harness's administrative steps, done with the Admin client so that both brokers are driven
 * through the same requests.
 *
 * <pre>
 *   BenchAdmin await-ready BOOTSTRAP TIMEOUT_MS [BROKERS]
 *       prints the epoch millisecond of the first answered Metadata request (that lists BROKERS brokers, default 1)
 *   BenchAdmin create-topic BOOTSTRAP TOPIC PARTITIONS REPLICATION_FACTOR [NAME=VALUE ...]
 * </pre>
 *
 * Exits non-zero with a one-line reason on failure.
 */
public final class BenchAdmin {

    private BenchAdmin() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            usage();
        }
        switch (args[0]) {
            case "await-ready" -> {
                if (args.length != 3 && args.length != 4) {
                    usage();
                }
                awaitReady(args[1], Long.parseLong(args[2]), args.length == 4 ? Integer.parseInt(args[3]) : 1);
            }
            case "create-topic" -> {
                if (args.length < 5) {
                    usage();
                }
                createTopic(args[1], args[2], Integer.parseInt(args[3]), Short.parseShort(args[4]),
                        configs(Arrays.copyOfRange(args, 5, args.length)));
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: BenchAdmin await-ready BOOTSTRAP TIMEOUT_MS [BROKERS]"
                + " | create-topic BOOTSTRAP TOPIC PARTITIONS REPLICATION_FACTOR [NAME=VALUE ...]");
        System.exit(2);
    }

    private static Admin admin(String bootstrap, boolean startingBroker) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        if (startingBroker) {
            // While the broker is still starting the connection is refused: retry quickly.
            props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "20");
            props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "100");
            props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "20");
            props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "100");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        }
        return Admin.create(props);
    }

    private static Map<String, String> configs(String[] settings) {
        Map<String, String> configs = new HashMap<>();
        for (String setting : settings) {
            int equals = setting.indexOf('=');
            if (equals < 1) {
                System.err.println("a topic config is NAME=VALUE, not '" + setting + "'");
                System.exit(2);
            }
            configs.put(setting.substring(0, equals), setting.substring(equals + 1));
        }
        return configs;
    }

    /**
     * Polls with Metadata requests (describeCluster) until one is answered with {@code brokers}
     * brokers, or the deadline passes.
     */
    private static void awaitReady(String bootstrap, long timeoutMs, int brokers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String lastError = "no attempt";
        try (Admin admin = admin(bootstrap, true)) {
            while (System.nanoTime() < deadline) {
                try {
                    int seen = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1000)).nodes()
                            .get(1500, TimeUnit.MILLISECONDS).size();
                    if (seen >= brokers) {
                        System.out.println(System.currentTimeMillis());
                        return;
                    }
                    lastError = seen + " of " + brokers + " brokers";
                    Thread.sleep(50);
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
                    Thread.sleep(50);
                }
            }
        }
        System.err.println("no Metadata answer from " + bootstrap + " within " + timeoutMs + " ms (last: " + lastError + ")");
        System.exit(1);
    }

    /** Creates the topic and waits until every partition has a leader. */
    private static void createTopic(String bootstrap, String topic, int partitions, short replicationFactor,
                                    Map<String, String> configs) throws InterruptedException {
        try (Admin admin = admin(bootstrap, false)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor).configs(configs)))
                    .all().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(5, TimeUnit.SECONDS).get(topic);
                    if (description.partitions().size() == partitions
                            && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        System.out.println("created " + topic + " (" + partitions + " partitions, replication factor "
                                + replicationFactor + ")");
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    System.err.println("topic " + topic + " has partitions without a leader after 30 s");
                    System.exit(1);
                }
                Thread.sleep(100);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("creating " + topic + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            System.exit(1);
        }
    }
}
