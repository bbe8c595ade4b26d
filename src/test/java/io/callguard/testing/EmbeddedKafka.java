package io.callguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) in this JVM, on 127.0.0.1 with free
 * ports and its data under {@code target/}. Used by the tests and by the local run; never part of the service jar.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** Holds the shared broker's address JVM-wide: Quarkus loads this class again for every test profile. */
    private static final String SHARED_PROPERTY = "embedded.kafka.bootstrap";

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, int brokerPort, int controllerPort) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** The address of the broker shared by every test of this JVM, started on first use. */
    public static String sharedBootstrapServers() {
        synchronized (System.getProperties()) {
            String running = System.getProperty(SHARED_PROPERTY);
            if (running != null) {
                return running;
            }
            EmbeddedKafka kafka = start(
                    Paths.get("target", "kafka-test-" + ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
            System.setProperty(SHARED_PROPERTY, kafka.bootstrapServers());
            return kafka.bootstrapServers();
        }
    }

    public static EmbeddedKafka start(Path logDir) {
        return start(logDir, freePort(), freePort());
    }

    /** Starts a broker on given ports; restarting on the same directory and ports keeps all data. */
    public static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort) {
        EmbeddedKafka kafka = new EmbeddedKafka(logDir.toAbsolutePath(), brokerPort, controllerPort);
        kafka.startServer();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    private Properties config() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "4");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Like a production cluster managed by Strimzi: topics exist because someone created them.
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.backoff.ms", "1000");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        return p;
    }

    private void startServer() {
        try {
            Files.createDirectories(logDir);
            Path configFile = logDir.resolveSibling(logDir.getFileName() + ".properties");
            Properties props = config();
            try (var out = Files.newOutputStream(configFile)) {
                props.store(out, "embedded test broker");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                int rc = StorageTool.execute(
                        new String[] {
                            "format",
                            "-t",
                            Uuid.randomUuid().toString(),
                            "-c",
                            configFile.toString(),
                            "--ignore-formatted"
                        },
                        new PrintStream(captured, true, StandardCharsets.UTF_8));
                if (rc != 0) {
                    throw new IllegalStateException("formatting the broker's log dir failed: " + captured);
                }
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
