package io.callguard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.callguard.testing.EmbeddedDatabase;
import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.ServiceProcess;
import io.callguard.testing.Tokens;

/**
 * The people's read model against what it replaces and against its floor, in one run:
 *
 * <ol>
 *   <li>projector throughput: the service's projector draining an N-record audit topic into PostgreSQL, against a
 *       plain JDBC multi-row insert of the same rows by a bare consumer (the floor);
 *   <li>history latency: {@code GET …/history} of random numbers from the read model (p50/p99 over many requests),
 *       against the topic scan it replaces (a consumer reading the audit topic to its end per request).
 * </ol>
 *
 * <pre>./mvnw -Pbench package -Dbench.args="readmodel --records 10000000 --scans 3"</pre>
 */
public final class ReadModelBench {

    static final String TOPIC = "blocklist-audit";
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        int records = Integer.parseInt(a.getOrDefault("records", "1000000"));
        int scans = Integer.parseInt(a.getOrDefault("scans", "3"));
        int requests = Integer.parseInt(a.getOrDefault("requests", "500"));
        Path dir = Paths.get("target", "bench");
        Files.createDirectories(dir);
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka-rm-" + System.currentTimeMillis()));
        EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pg-rm"), EmbeddedKafka.freePort());
        String bootstrap = kafka.bootstrapServers();
        StringBuilder md = new StringBuilder();
        try {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())))
                        .all()
                        .get();
            }
            long t0 = System.nanoTime();
            int keys = fill(bootstrap, records);
            System.out.printf("wrote %,d audit records over %,d numbers in %.1f s%n", records, keys, secs(t0));

            double floor = plainInsert(bootstrap, db, records);
            System.out.printf("plain multi-row insert: %.0f rows/s%n", floor);

            Map<String, String> s = new HashMap<>();
            s.put("kafka.bootstrap.servers", bootstrap);
            s.put("callguard.topics.auto-create", "true");
            s.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            s.put("quarkus.datasource.username", EmbeddedDatabase.user());
            s.put("callguard.rest.reads-per-second", "100000");
            s.put("callguard.rest.read-burst", "100000");
            s.put(ServiceProcess.HEAP, "2g");
            try (ServiceProcess service = ServiceProcess.start("bench-readmodel", s)) {
                service.awaitReady(Duration.ofMinutes(10));
                long start = System.nanoTime();
                awaitProjected(db, records);
                double projector = records / secs(start);
                System.out.printf("projector: %.0f rows/s%n", projector);
                md.append(String.format(
                        "| projecting %,d audit records | rows/s | ratio |%n|---|---:|---:|%n"
                                + "| plain JDBC multi-row insert of the same rows (floor) | %.0f | 1.00 |%n"
                                + "| callguard projector (rows + offsets per transaction) | %.0f | %.2f |%n%n",
                        records, floor, projector, projector / floor));

                Histogram readModel = historyLatency(service, keys, requests);
                String plan = explainHistory(db, number(keys / 2));
                Histogram scan = topicScanLatency(bootstrap, keys, scans);
                md.append(String.format(
                        "| history of one number, %,d audit records | requests | p50 ms | p99 ms | max ms |%n"
                                + "|---|---:|---:|---:|---:|%n"
                                + "| topic scan (the replaced implementation) | %d | %.1f | %.1f | %.1f |%n"
                                + "| read model over HTTP (`GET …/history`) | %d | %.2f | %.2f | %.2f |%n",
                        records,
                        scan.getTotalCount(),
                        scan.getValueAtPercentile(50) / 1000.0,
                        scan.getValueAtPercentile(99) / 1000.0,
                        scan.getMaxValue() / 1000.0,
                        readModel.getTotalCount(),
                        readModel.getValueAtPercentile(50) / 1000.0,
                        readModel.getValueAtPercentile(99) / 1000.0,
                        readModel.getMaxValue() / 1000.0));
                md.append("\nQuery plan of one history page at this volume (`EXPLAIN ANALYZE`):\n\n```\n")
                        .append(plan)
                        .append("```\n");
                service.stopGracefully(Duration.ofSeconds(30));
            }
            Files.writeString(dir.resolve("readmodel.md"), md.toString());
            System.out.println();
            System.out.println(md);
        } finally {
            db.close();
            kafka.close();
        }
        System.exit(0);
    }

    /** N audit records over N/3 numbers (three changes each), like a feed import and its later edits. */
    static int fill(String bootstrap, int records) {
        int keys = Math.max(1, records / 3);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        String[] changes = {"CREATED", "REPLACED", "DELETED"};
        try (KafkaProducer<String, String> producer = ColdStart.bulkProducer(bootstrap)) {
            for (int i = 0; i < records; i++) {
                String key = number(i % keys);
                String after =
                        "{\"kind\":\"NUMBER\",\"value\":\"" + key + "\",\"action\":\"BLOCK\",\"category\":\"LOAN\","
                                + "\"reason\":\"national feed\",\"source\":\"NATIONAL_PLATFORM\"}";
                producer.send(new ProducerRecord<>(
                        TOPIC,
                        key,
                        "{\"key\":\"" + key + "\",\"change\":\"" + changes[i / keys % 3] + "\",\"actor\":\"import\","
                                + "\"at\":\"" + t.plusMillis(i) + "\",\"why\":\"national feed\",\"before\":null,"
                                + "\"after\":" + after + "}"));
            }
            producer.flush();
        }
        return keys;
    }

    static String number(int i) {
        return String.format("+86137%08d", i);
    }

    /** The floor: a bare consumer and one multi-row insert per poll into a table of the same shape. */
    static double plainInsert(String bootstrap, EmbeddedDatabase db, int records) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        db.jdbcUrl() + "?reWriteBatchedInserts=true", EmbeddedDatabase.user(), "");
                Statement s = c.createStatement()) {
            // Its own schema: the service's Flyway expects the public schema to be its own.
            s.execute("CREATE SCHEMA floor");
            s.execute("CREATE TABLE floor.floor_audit (trail text, src_partition int, src_offset bigint, key text,"
                    + " change text, actor text, at timestamptz, why text, before jsonb, after jsonb,"
                    + " PRIMARY KEY (trail, src_partition, src_offset))");
            s.execute("CREATE INDEX floor_audit_key ON floor.floor_audit (trail, key, at DESC, src_offset DESC)");
            c.setAutoCommit(false);
            long start = System.nanoTime();
            long n = 0;
            try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap, 5000);
                    PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO floor.floor_audit VALUES" + " (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
                TopicPartition tp = new TopicPartition(TOPIC, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                while (n < records) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        JsonNode j = JSON.readTree(r.value());
                        insert.setString(1, "blocklist");
                        insert.setInt(2, r.partition());
                        insert.setLong(3, r.offset());
                        insert.setString(4, j.get("key").asText());
                        insert.setString(5, j.get("change").asText());
                        insert.setString(6, j.get("actor").asText());
                        insert.setTimestamp(
                                7, Timestamp.from(Instant.parse(j.get("at").asText())));
                        insert.setString(8, j.get("why").asText());
                        insert.setString(9, null);
                        insert.setString(10, j.get("after").toString());
                        insert.addBatch();
                        n++;
                    }
                    insert.executeBatch();
                    c.commit();
                }
            }
            return n / secs(start);
        }
    }

    static void awaitProjected(EmbeddedDatabase db, int records) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.user(), "");
                    Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM projector_offsets WHERE topic = '"
                                    + TOPIC + "'")) {
                rs.next();
                if (rs.getLong(1) >= records) {
                    return;
                }
            } catch (java.sql.SQLException e) {
                // schema not there yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("projector did not catch up within an hour");
    }

    static Histogram historyLatency(ServiceProcess service, int keys, int requests) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = Tokens.token("bench-support", 3600, "support-agent");
        SplittableRandom random = new SplittableRandom(7);
        Histogram h = new Histogram(3);
        for (int i = 0; i < requests + 50; i++) {
            String path = "/api/v1/blocklist/numbers/" + number(random.nextInt(keys)) + "/history";
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                    .header("Authorization", "Bearer " + token)
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - start) / 1000;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 50) { // the first 50 warm the JIT and the connection pool
                h.recordValue(micros);
            }
        }
        return h;
    }

    /** The plan PostgreSQL chooses for the history query at this volume (the index was chosen by it). */
    static String explainHistory(EmbeddedDatabase db, String key) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.user(), "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) SELECT key, change, actor, at, why, before,"
                        + " after, src_partition, src_offset FROM audit_records WHERE trail = 'blocklist' AND key = '"
                        + key + "' ORDER BY at DESC, src_partition DESC, src_offset DESC LIMIT 101")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    /** What the history endpoint did before: read the audit topic from the beginning to its end, per request. */
    static Histogram topicScanLatency(String bootstrap, int keys, int scans) {
        Histogram h = new Histogram(3);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < scans; i++) {
            String key = number(random.nextInt(keys));
            long start = System.nanoTime();
            int found = 0;
            try (KafkaConsumer<String, byte[]> c = consumer(bootstrap, 5000)) {
                TopicPartition tp = new TopicPartition(TOPIC, 0);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                long end = c.endOffsets(List.of(tp)).get(tp);
                while (c.position(tp) < end) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        if (key.equals(r.key())) {
                            found++;
                        }
                    }
                }
            }
            h.recordValue((System.nanoTime() - start) / 1000);
            System.out.printf("topic scan %d: %d changes found in %.1f s%n", i + 1, found, h.getMaxValue() / 1e6);
        }
        return h;
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap, int maxPoll) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPoll);
        return new KafkaConsumer<>(p);
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
