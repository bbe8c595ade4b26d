package io.callguard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.ServiceProcess;

/**
 * Time to ready with an N-entry state topic (the blocklist, or the roaming registry with {@code --state roaming}),
 * next to a bare consumer that only reads the same topic to its end.
 *
 * <p>With {@code --snapshot yes} the service is started a second time with the snapshot the first start wrote when it
 * stopped, after a tail of changes (5,000 new numbers, 5,000 deletions) was written.
 *
 * <pre>./mvnw -Pbench package -Dbench.args="coldstart --entries 10000000"
 * ./mvnw -Pbench package -Dbench.args="coldstart --entries 10000000 --snapshot yes"
 * ./mvnw -Pbench package -Dbench.args="coldstart --entries 1000000 --state roaming"
 * ./mvnw -Pbench package -Dbench.args="coldstart --entries 1000000 --state lines"</pre>
 */
public final class ColdStart {

    public static void main(String[] args) throws Exception {
        int entries = args.length >= 2 ? Integer.parseInt(args[1]) : 1_000_000;
        List<String> options = List.of(args);
        boolean roaming = options.contains("roaming");
        boolean lines = options.contains("lines");
        boolean snapshot = options.contains("--snapshot") && !roaming;
        String topic = roaming ? "roaming-subscribers" : lines ? "protected-lines" : "fraud-blocklist";
        Path dir = Paths.get("target", "bench");
        Files.createDirectories(dir);
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka-cold-" + System.currentTimeMillis()));
        String bootstrap = kafka.bootstrapServers();
        try {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(
                                new NewTopic("fraud-blocklist", Optional.of(1), Optional.empty())
                                        .configs(Map.of("cleanup.policy", "compact")),
                                new NewTopic("protected-lines", Optional.of(1), Optional.empty())
                                        .configs(Map.of("cleanup.policy", "compact")),
                                new NewTopic("roaming-subscribers", Optional.of(1), Optional.empty())
                                        .configs(Map.of("cleanup.policy", "compact"))))
                        .all()
                        .get();
            }
            long t0 = System.nanoTime();
            if (roaming) {
                fillRoaming(bootstrap, entries);
            } else if (lines) {
                fillLines(bootstrap, entries);
            } else {
                fill(bootstrap, entries);
            }
            System.out.printf("wrote %,d entries in %.1f s%n", entries, (System.nanoTime() - t0) / 1e9);

            long bare = bareRead(bootstrap, topic);
            Map<String, String> s = new HashMap<>();
            s.put("kafka.bootstrap.servers", bootstrap);
            s.put("callguard.topics.auto-create", "true");
            s.put(ServiceProcess.HEAP, "4g");
            // As deployed (k8s/base: InitialRAMPercentage = MaxRAMPercentage): the heap does not grow while loading.
            // Touching it all at start (AlwaysPreTouch) was measured too: loading got faster (2.3 s -> 1.0 s), the JVM
            // start slower by 11 s on this machine.
            s.put(ServiceProcess.HEAP_INITIAL, "4g");
            Path snapshots = dir.resolve("snapshots-" + System.currentTimeMillis());
            if (snapshot) {
                s.put("callguard.state.snapshot.dir", snapshots.toAbsolutePath().toString());
            }
            long start = System.nanoTime();
            long ready;
            String caughtUp;
            try (ServiceProcess service = ServiceProcess.start("coldstart", s)) {
                service.awaitReady(Duration.ofMinutes(20));
                ready = (System.nanoTime() - start) / 1_000_000;
                caughtUp = logLine(service, topic + " caught up");
                service.stopGracefully(Duration.ofSeconds(60));
            }
            String fromSnapshot = "";
            if (snapshot) {
                // Again with the snapshot the first run wrote when it stopped, plus a tail written since.
                if (lines) {
                    fillLinesTail(bootstrap, 10_000);
                } else {
                    fillTail(bootstrap, 10_000);
                }
                long restart = System.nanoTime();
                try (ServiceProcess service = ServiceProcess.start("coldstart-snapshot", s)) {
                    service.awaitReady(Duration.ofMinutes(20));
                    long readyAgain = (System.nanoTime() - restart) / 1_000_000;
                    fromSnapshot = String.format(
                            "| callguard restart to ready from a snapshot (%,d B) + a tail of 10,000 records | %d | %.2f |%n%n"
                                    + "service log: `%s`; `%s`%n",
                            Files.size(snapshots.resolve(topic + ".snapshot")),
                            readyAgain,
                            readyAgain / (double) bare,
                            logLine(service, topic + ": snapshot loaded"),
                            logLine(service, topic + " caught up"));
                    service.stopGracefully(Duration.ofSeconds(60));
                }
            }
            String md = String.format(
                    "| cold start, %,d-entry " + topic
                            + " | ms | ratio |%n|---|---:|---:|%n| bare consumer reads the topic to its end | %d | 1.00 |%n"
                            + "| callguard process start to ready (JVM + Quarkus start, catch-up, group join) | %d | %.2f |%n",
                    entries,
                    bare,
                    ready,
                    ready / (double) bare);
            md += snapshot ? fromSnapshot : String.format("%nservice log: `%s`%n", caughtUp);
            if (snapshot) {
                md += String.format("first start: `%s`%n", caughtUp);
            }
            Files.writeString(dir.resolve("coldstart.md"), md);
            System.out.println(md);
        } finally {
            kafka.close();
        }
        System.exit(0);
    }

    static void fill(String bootstrap, int entries) {
        String now = Instant.now().toString();
        try (KafkaProducer<String, String> producer = bulkProducer(bootstrap)) {
            for (int i = 0; i < entries; i++) {
                String n = BlocklistLookupBenchmark.number(2L * i);
                producer.send(new ProducerRecord<>(
                        "fraud-blocklist",
                        n,
                        "{\"kind\":\"NUMBER\",\"value\":\"" + n
                                + "\",\"action\":\"BLOCK\",\"category\":\"IMPERSONATION\",\"reason\":\"national feed\","
                                + "\"source\":\"NATIONAL_PLATFORM\",\"createdBy\":\"import\",\"createdAt\":\"" + now
                                + "\",\"updatedAt\":\"" + now + "\",\"expiresAt\":null}"));
            }
            producer.flush();
        }
    }

    private static String logLine(ServiceProcess service, String containing) {
        return service.logText()
                .lines()
                .filter(l -> l.contains(containing))
                .findFirst()
                .orElse("")
                .replaceAll("^.*\\) ", "");
    }

    /** Changes after the snapshot: new numbers and deletions, as a day of analyst work would bring. */
    static void fillTail(String bootstrap, int records) {
        String now = Instant.now().toString();
        try (KafkaProducer<String, String> producer = bulkProducer(bootstrap)) {
            for (int i = 0; i < records / 2; i++) {
                String n = BlocklistLookupBenchmark.number(2L * i + 1);
                String gone = BlocklistLookupBenchmark.number(2L * i);
                producer.send(new ProducerRecord<>("fraud-blocklist", gone, null));
                producer.send(new ProducerRecord<>(
                        "fraud-blocklist",
                        n,
                        "{\"kind\":\"NUMBER\",\"value\":\"" + n
                                + "\",\"action\":\"BLOCK\",\"category\":\"LOAN\",\"reason\":\"analyst\","
                                + "\"source\":\"FRAUD_TEAM\",\"createdBy\":\"a\",\"createdAt\":\"" + now
                                + "\",\"updatedAt\":\"" + now + "\",\"expiresAt\":null}"));
            }
            producer.flush();
        }
    }

    /** Protected lines as the memory benchmark builds them: three family numbers, two trusted, default policy. */
    static void fillLines(String bootstrap, int entries) {
        try (KafkaProducer<String, String> producer = bulkProducer(bootstrap)) {
            for (int i = 0; i < entries; i++) {
                String line = BlocklistLookupBenchmark.number(6L * i);
                producer.send(new ProducerRecord<>("protected-lines", line, MemoryFootprint.lineJson(i, line)));
            }
            producer.flush();
        }
    }

    /** Changes after the snapshot: lines rewritten (another author) and lines deleted. */
    static void fillLinesTail(String bootstrap, int records) {
        try (KafkaProducer<String, String> producer = bulkProducer(bootstrap)) {
            for (int i = 0; i < records; i++) {
                String line = BlocklistLookupBenchmark.number(6L * i);
                producer.send(new ProducerRecord<>(
                        "protected-lines",
                        line,
                        i % 2 == 0 ? null : MemoryFootprint.lineJson(i, line).replace("line-admin-3", "line-admin-4")));
            }
            producer.flush();
        }
    }

    static void fillRoaming(String bootstrap, int entries) {
        String[] countries = {"JP", "KR", "TH", "DE", "US", "GB", "FR", "SG"};
        Instant since = Instant.now().minus(Duration.ofDays(3));
        try (KafkaProducer<String, String> producer = bulkProducer(bootstrap)) {
            for (int i = 0; i < entries; i++) {
                String n = BlocklistLookupBenchmark.number(2L * i);
                Instant expires = since.plus(Duration.ofDays(7 + i % 30));
                producer.send(new ProducerRecord<>(
                        "roaming-subscribers",
                        n,
                        "{\"number\":\"" + n + "\",\"visitedCountry\":\"" + countries[i % countries.length]
                                + "\",\"since\":\"" + since.plusSeconds(i % 86_400) + "\",\"expiresAt\":\"" + expires
                                + "\"}"));
            }
            producer.flush();
        }
    }

    /** A producer for filling topics fast: large batches, compressed. */
    static KafkaProducer<String, String> bulkProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p);
    }

    static long bareRead(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                c.poll(Duration.ofMillis(100));
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
