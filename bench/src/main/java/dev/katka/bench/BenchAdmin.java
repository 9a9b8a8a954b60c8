package dev.katka.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The harness's administrative steps, done with the Admin client so that both brokers are driven
 * through the same requests.
 *
 * <pre>
 *   BenchAdmin await-ready BOOTSTRAP TIMEOUT_MS   prints the epoch millisecond of the first answered Metadata request
 *   BenchAdmin create-topic BOOTSTRAP TOPIC PARTITIONS REPLICATION_FACTOR
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
                if (args.length != 3) {
                    usage();
                }
                awaitReady(args[1], Long.parseLong(args[2]));
            }
            case "create-topic" -> {
                if (args.length != 5) {
                    usage();
                }
                createTopic(args[1], args[2], Integer.parseInt(args[3]), Short.parseShort(args[4]));
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: BenchAdmin await-ready BOOTSTRAP TIMEOUT_MS"
                + " | create-topic BOOTSTRAP TOPIC PARTITIONS REPLICATION_FACTOR");
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

    /** Polls with Metadata requests (listTopics) until one is answered or the deadline passes. */
    private static void awaitReady(String bootstrap, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String lastError = "no attempt";
        try (Admin admin = admin(bootstrap, true)) {
            while (System.nanoTime() < deadline) {
                try {
                    admin.listTopics(new ListTopicsOptions().timeoutMs(1000)).names().get(1500, TimeUnit.MILLISECONDS);
                    System.out.println(System.currentTimeMillis());
                    return;
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
    private static void createTopic(String bootstrap, String topic, int partitions, short replicationFactor)
            throws InterruptedException {
        try (Admin admin = admin(bootstrap, false)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
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
