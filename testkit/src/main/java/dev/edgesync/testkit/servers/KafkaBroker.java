package dev.edgesync.testkit.servers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run from
 * the Apache Kafka jars in a child JVM: storage is formatted first, then {@code kafka.Kafka} starts.
 */
public final class KafkaBroker implements AutoCloseable {
    private final int port;
    private final ChildProcess process;
    private final Path dir;
    private final List<String> command;

    private KafkaBroker(int port, ChildProcess process, Path dir, List<String> command) {
        this.port = port;
        this.process = process;
        this.dir = dir;
        this.command = command;
    }

    public static KafkaBroker start(Path dir, int configuredPort) throws IOException {
        int port = Ports.orFree(configuredPort);
        int controllerPort = Ports.free();
        Path config = writeConfig(dir, port, controllerPort);
        String classpath = brokerClasspath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = List.of(java, "-Xms256m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.level=WARN", "-cp", classpath);

        List<String> format = new ArrayList<>(jvm);
        format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", randomClusterId(), "-c", config.toString(),
                "--ignore-formatted"));
        // Formatting has failed once in a CI run without saying why (the broker then found no meta.properties):
        // check its result, try once more, and fail with its log rather than with the broker's.
        for (int attempt = 1; !formatted(dir); attempt++) {
            try (ChildProcess formatter = ChildProcess.start("kafka-storage-format", format, Map.of(), dir,
                    dir.resolve("format.log"))) {
                waitForExit(formatter, Duration.ofSeconds(60));
                if (attempt >= 2 && !formatted(dir)) {
                    throw new IllegalStateException("Kafka storage was not formatted; log:\n" + formatter.tail(40));
                }
            }
        }

        List<String> run = new ArrayList<>(jvm);
        run.addAll(List.of(OrphanGuard.class.getName(), "kafka.Kafka", config.toString()));
        return launch(port, dir, run);
    }

    private static KafkaBroker launch(int port, Path dir, List<String> run) throws IOException {
        ChildProcess broker = ChildProcess.start("kafka", run, Map.of(), dir, dir.resolve("kafka.log"));
        KafkaBroker kafka = new KafkaBroker(port, broker, dir, run);
        try {
            Ports.await("Kafka on port " + port, Duration.ofSeconds(90), broker, kafka::answers);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return kafka;
    }

    public String bootstrap() {
        return Ports.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    public ChildProcess process() {
        return process;
    }

    /** Stops this broker and starts a new one with the same configuration, port and data (a fault for the lab). */
    public KafkaBroker restart() throws IOException {
        process.close();
        return launch(port, dir, command);
    }

    /** Creates the topics that do not exist yet, with the given partitions and replication factor 1. */
    public void createTopics(int partitions, Collection<String> names) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n)).distinct()
                    .map(n -> new NewTopic(n, partitions, (short) 1)).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + names, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + names, e);
        }
    }

    private boolean answers() {
        if (!Ports.accepts(port)) {
            return false;
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(props);
    }

    @Override
    public void close() {
        process.close();
    }

    private static Path writeConfig(Path dir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + Ports.LOOPBACK + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + Ports.LOOPBACK + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", "1000000");
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "EdgeSync local Kafka broker (KRaft)");
        }
        return file;
    }

    /** The broker's jars (copied by the test kit's build) plus the test kit's own classes for {@link OrphanGuard}. */
    static String brokerClasspath() {
        return LabPaths.kafkaLib() + File.separator + "*" + File.pathSeparator + LabPaths.labClasses();
    }

    private static boolean formatted(Path dir) {
        return java.nio.file.Files.isRegularFile(dir.resolve("data").resolve("meta.properties"));
    }

    private static void waitForExit(ChildProcess process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            Ports.sleep(100);
        }
        if (process.isAlive()) {
            throw new IllegalStateException(process.name() + " did not finish; log:\n" + process.tail(40));
        }
    }

    /**
     * Kafka's own random cluster id: it never starts with '-', which kafka-storage's argument parser would take
     * for an option (a base64url id did one time in 64, and formatting failed with "expected one argument").
     */
    private static String randomClusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }
}
