package dev.katka.ear;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * katka.ear on a real Payara Server 6 (the distribution Maven unpacked into target/): a domain
 * of its own on free ports bound to loopback, the EAR deployed with asadmin, the broker started
 * inside it, then undeployed and the domain stopped. Every step has a deadline; whatever
 * happens, the domain's process is stopped by its pid at the end.
 *
 * <p>The tests run in order on one domain (a domain costs ~1 min to create and start).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraServerEarIT {

    private static final String DOMAIN = "katka-it";
    private static final Duration ASADMIN_DEADLINE = Duration.ofMinutes(4);

    private static Path payaraHome;
    private static Path domainDir;
    private static Path dataDir;
    private static int portBase;
    private static int kafkaPort;

    @BeforeAll
    static void startDomain() throws IOException {
        payaraHome = Path.of(System.getProperty("payara.home", "target/payara-server/payara6")).toAbsolutePath();
        assertThat(payaraHome.resolve("bin/asadmin")).as("Payara Server unpacked by the build").exists();
        Path work = Path.of("target", "payara-it").toAbsolutePath();
        deleteRecursively(work);
        domainDir = Files.createDirectories(work.resolve("domains"));
        dataDir = Files.createDirectories(work.resolve("data"));
        portBase = freePortBase();
        kafkaPort = freePort();

        asadmin("create-domain", "--nopassword=true", "--portbase", String.valueOf(portBase),
                "--domaindir", domainDir.toString(), DOMAIN);
        configureDomain(domainDir.resolve(DOMAIN).resolve("config/domain.xml"));
        asadmin("start-domain", "--domaindir", domainDir.toString(), "--timeout", "180", DOMAIN);
    }

    /**
     * Edits the new domain's domain.xml before its first start (no restart needed): every
     * listener on loopback only, and the broker's data directory and Kafka port as JVM options.
     */
    private static void configureDomain(Path domainXml) throws IOException {
        String xml = Files.readString(domainXml, UTF_8)
                .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                .replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port=");
        // The first java-config is the server's (server-config); the second is default-config's.
        String heap = "<jvm-options>-Xmx512m</jvm-options>";
        int serverHeap = xml.indexOf(heap);
        assertThat(serverHeap).as("the server's -Xmx option in " + domainXml).isPositive();
        String katkaOptions = heap
                + "\n                <jvm-options>-Dkatka.data.dir=" + dataDir + "</jvm-options>"
                + "\n                <jvm-options>-Dkatka.listeners=PLAINTEXT://127.0.0.1:" + kafkaPort + "</jvm-options>";
        xml = xml.substring(0, serverHeap) + katkaOptions + xml.substring(serverHeap + heap.length());
        Files.writeString(domainXml, xml, UTF_8);
    }

    @Test
    @Order(1)
    void theEarDeploysAndTheBrokerInsideItServesTheKafkaPort() {
        asadmin("--port", String.valueOf(adminPort()), "deploy", "--name", "katka",
                Path.of(System.getProperty("katka.ear", "target/katka.ear")).toAbsolutePath().toString());

        await("Kafka port " + kafkaPort + " to answer").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(PayaraServerEarIT::kafkaPortAnswers);
        assertThat(serverLog()).contains("Katka broker 1 ready: bootstrap.servers=127.0.0.1:" + kafkaPort);
        assertThat(dataDir.resolve("metadata.mv.db")).as("the metadata database in the configured data.dir").exists();
    }

    @Test
    @Order(2)
    void kafkaClientsProduceAndConsumeThroughTheBrokerInTheEar() throws Exception {
        Map<String, Object> config = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic("ear-orders", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(withProducerSettings(config),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 1_000; i++) {
                String value = "order-" + i;
                producer.send(new ProducerRecord<>("ear-orders", i % 2, "key-" + i, value));
                sent.add(value);
            }
            producer.flush();
        }

        Map<Integer, List<String>> received = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("ear-orders", 0),
                    new TopicPartition("ear-orders", 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("all 1000 records to be consumed").atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record ->
                        received.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record.value()));
                return received.values().stream().mapToInt(List::size).sum() >= sent.size();
            });
        }
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            assertThat(received.get(partition)).as("partition " + partition + ", in the order written")
                    .isEqualTo(sent.stream().filter(value -> Integer.parseInt(value.substring(6)) % 2 == p).toList());
        }
    }

    private static Map<String, Object> withProducerSettings(Map<String, Object> config) {
        Map<String, Object> producer = new HashMap<>(config);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        return producer;
    }

    @Test
    @Order(3)
    void theResourceAdapterInsideTheEarHandsOutConnectionsToTheBroker() {
        String pool = "katka-ear-pool";
        // An embedded adapter is named application#module; colons in property values are escaped.
        asadmin("--port", String.valueOf(adminPort()), "create-connector-connection-pool",
                "--raname", "katka#katka-connector",
                "--connectiondefinition", "dev.katka.connector.api.KatkaConnectionFactory",
                "--transactionsupport", "NoTransaction",
                "--property", "bootstrapServers=127.0.0.1\\:" + kafkaPort + ":clientId=ear-it",
                pool);
        asadmin("--port", String.valueOf(adminPort()), "create-connector-resource", "--poolname", pool, "jca/katka");

        asadmin("--port", String.valueOf(adminPort()), "ping-connection-pool", pool);

        asadmin("--port", String.valueOf(adminPort()), "delete-connector-resource", "jca/katka");
        asadmin("--port", String.valueOf(adminPort()), "delete-connector-connection-pool", pool);
    }

    @Test
    @Order(4)
    void theConsoleRestApiAndHealthAnswerOnTheServersHttpPort() throws Exception {
        // Without KATKA_ADMIN_PASSWORD the first start made up the admin's password and logged it once.
        Matcher logged = Pattern.compile("user admin, password (\\S+) \\(shown only now").matcher(serverLog());
        assertThat(logged.find()).as("the generated admin password in server.log").isTrue();
        String admin = "Basic " + Base64.getEncoder().encodeToString(("admin:" + logged.group(1)).getBytes(UTF_8));

        HttpResponse<String> cluster = http("/api/v1/cluster", admin);
        HttpResponse<String> anonymous = http("/api/v1/cluster", null);
        HttpResponse<String> console = http("/login.html", null);
        HttpResponse<String> ready = http("/health/ready", null);

        assertThat(cluster.statusCode()).as(cluster.body()).isEqualTo(200);
        assertThat(cluster.body()).contains("\"brokers\":1", "\"controllerId\":1");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("<form");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("katka-broker");
    }

    private static HttpResponse<String> http(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (portBase + 80) + path))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(5)
    void undeployingStopsTheBroker() {
        asadmin("--port", String.valueOf(adminPort()), "undeploy", "katka");

        await("Kafka port " + kafkaPort + " to close").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(() -> !kafkaPortAnswers());
        assertThat(serverLog()).contains("Katka broker 1 stopped");
    }

    @AfterAll
    static void stopDomain() {
        if (domainDir == null) {
            return;
        }
        Optional<ProcessHandle> server = serverProcess();
        try {
            asadmin("stop-domain", "--domaindir", domainDir.toString(), DOMAIN);
        } catch (AssertionError e) {
            System.err.println("stop-domain failed, killing the server: " + e.getMessage());
        }
        server.ifPresent(process -> {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            await("Payara Server (pid " + process.pid() + ") to end").atMost(Duration.ofSeconds(60))
                    .until(() -> !process.isAlive());
        });
    }

    private static int adminPort() {
        return portBase + 48;
    }

    private static boolean kafkaPortAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", kafkaPort), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String serverLog() {
        try {
            return Files.readString(domainDir.resolve(DOMAIN).resolve("logs/server.log"), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The domain's server process, from the pid file Payara writes at start. */
    private static Optional<ProcessHandle> serverProcess() {
        Path pidFile = domainDir.resolve(DOMAIN).resolve("config/pid");
        try {
            return Files.exists(pidFile)
                    ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile, UTF_8).trim()))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs asadmin non-interactively against loopback; fails with its output unless it succeeds in time. */
    private static void asadmin(String... arguments) {
        List<String> command = new ArrayList<>(List.of(payaraHome.resolve("bin/asadmin").toString(),
                "--interactive=false", "--host", "127.0.0.1"));
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("asadmin", ".out");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(ASADMIN_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError("asadmin " + String.join(" ", arguments) + " did not end within "
                            + ASADMIN_DEADLINE + ":\n" + Files.readString(output, UTF_8));
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("asadmin " + String.join(" ", arguments) + " failed (exit "
                            + process.exitValue() + "):\n" + Files.readString(output, UTF_8));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running asadmin", e);
        }
    }

    /** A port base whose ports (base + 0..99, as create-domain assigns them) are free now. */
    private static int freePortBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 100 * ThreadLocalRandom.current().nextInt(300);
            if (Stream.of(9, 37, 38, 39, 48, 49, 59, 76, 80, 81, 86).allMatch(offset -> isFree(base + offset))) {
                return base;
            }
        }
        throw new AssertionError("no free port base found for the test domain");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}
