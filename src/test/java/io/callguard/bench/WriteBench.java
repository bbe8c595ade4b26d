package io.callguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.ServiceProcess;
import io.callguard.testing.Tokens;

/**
 * The fraud team's writes: a bulk import of N numbers over HTTP, and single PUTs one after another, each next to the
 * plain Kafka baseline of the same writes (a producer with acks=all: the bulk sent at once, and one record at a time
 * waiting for each acknowledgement).
 *
 * <pre>./mvnw -Pbench package -Dbench.args="writes --numbers 1000000 --puts 1000"</pre>
 */
public final class WriteBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        int numbers = Integer.parseInt(a.getOrDefault("numbers", "1000000"));
        int puts = Integer.parseInt(a.getOrDefault("puts", "1000"));
        Path dir = Paths.get("target", "bench");
        Files.createDirectories(dir);
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka-writes-" + System.currentTimeMillis()));
        String bootstrap = kafka.bootstrapServers();
        try {
            Map<String, String> s = new HashMap<>();
            s.put("kafka.bootstrap.servers", bootstrap);
            s.put("callguard.topics.auto-create", "true");
            s.putAll(Tokens.trustDemoKey());
            s.put("callguard.rest.writes-per-second", "100000");
            s.put("callguard.rest.write-burst", "100000");
            s.put(ServiceProcess.HEAP, "2g");
            try (ServiceProcess service = ServiceProcess.start("writes", s)) {
                service.awaitReady(Duration.ofSeconds(120));
                String token = Tokens.token("bench", 3600, "fraud-analyst");
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                String base = "http://127.0.0.1:" + service.httpPort() + "/api/v1/blocklist";

                try (var admin = org.apache.kafka.clients.admin.Admin.create(
                        Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                    admin.createTopics(java.util.List.of(
                                    new org.apache.kafka.clients.admin.NewTopic(
                                                    "baseline-bulk",
                                                    java.util.Optional.of(1),
                                                    java.util.Optional.empty())
                                            .configs(Map.of("cleanup.policy", "compact")),
                                    new org.apache.kafka.clients.admin.NewTopic(
                                                    "baseline-put",
                                                    java.util.Optional.of(1),
                                                    java.util.Optional.empty())
                                            .configs(Map.of("cleanup.policy", "compact"))))
                            .all()
                            .get();
                }
                long baselineBulk = produceBulk(bootstrap, "baseline-bulk", numbers);
                long t0 = System.nanoTime();
                HttpResponse<String> report = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/import"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "text/csv")
                                .timeout(Duration.ofMinutes(30))
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csv(numbers)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                long importMs = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("import: " + report.statusCode() + " " + report.body());

                Histogram baselinePut = produceOneByOne(bootstrap, "baseline-put", puts);
                Histogram put = new Histogram(60_000_000L, 3);
                for (int i = 0; i < puts; i++) {
                    String body = "{\"category\":\"LOAN\",\"reason\":\"bench\",\"source\":\"FRAUD_TEAM\"}";
                    long start = System.nanoTime();
                    HttpResponse<Void> r = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/numbers/+86137" + String.format("%08d", i)))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .PUT(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() != 201) {
                        throw new IllegalStateException("PUT answered " + r.statusCode());
                    }
                    put.recordValue((System.nanoTime() - start) / 1000);
                }
                String md = String.format(
                        "| writes | result | baseline (plain producer, acks=all) | ratio |%n|---|---:|---:|---:|%n"
                                + "| import of %,d numbers (CSV over HTTP, validated, with audit records, applied) | %,d ms (%,.0f numbers/s) | %,d ms | %.2f |%n"
                                + "| single PUT p50 (committed with its audit record and applied) | %.2f ms | %.2f ms | %.1f |%n"
                                + "| single PUT p99 | %.2f ms | %.2f ms | %.1f |%n",
                        numbers,
                        importMs,
                        numbers * 1000.0 / importMs,
                        baselineBulk,
                        importMs / (double) baselineBulk,
                        put.getValueAtPercentile(50) / 1000.0,
                        baselinePut.getValueAtPercentile(50) / 1000.0,
                        put.getValueAtPercentile(50) / (double) baselinePut.getValueAtPercentile(50),
                        put.getValueAtPercentile(99) / 1000.0,
                        baselinePut.getValueAtPercentile(99) / 1000.0,
                        put.getValueAtPercentile(99) / (double) baselinePut.getValueAtPercentile(99));
                Files.writeString(dir.resolve("writes.md"), md);
                System.out.println(md);
                service.stopGracefully(Duration.ofSeconds(30));
            }
        } finally {
            kafka.close();
        }
        System.exit(0);
    }

    /** A CSV file of {@code n} numbers, generated while it is sent: never in memory. */
    static InputStream csv(int n) {
        return new InputStream() {
            private int line = -1;
            private byte[] current = new byte[0];
            private int pos;

            @Override
            public int read() throws IOException {
                while (pos >= current.length) {
                    line++;
                    if (line > n) {
                        return -1;
                    }
                    String text = line == 0
                            ? "number,category,reason,source,expiresAt\n"
                            : "+86139" + String.format("%08d", line)
                                    + ",IMPERSONATION,national feed,NATIONAL_PLATFORM,\n";
                    current = text.getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                return current[pos++];
            }
        };
    }

    static long produceBulk(String bootstrap, String topic, int n) {
        try (KafkaProducer<String, String> p = producer(bootstrap)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String number = "+86138" + String.format("%08d", i);
                p.send(new ProducerRecord<>(topic, number, entryJson(number)));
            }
            p.flush();
            return (System.nanoTime() - t0) / 1_000_000;
        }
    }

    static Histogram produceOneByOne(String bootstrap, String topic, int n) throws Exception {
        Histogram h = new Histogram(60_000_000L, 3);
        try (KafkaProducer<String, String> p = producer(bootstrap)) {
            for (int i = 0; i < n; i++) {
                String number = "+86136" + String.format("%08d", i);
                long start = System.nanoTime();
                p.send(new ProducerRecord<>(topic, number, entryJson(number))).get();
                h.recordValue((System.nanoTime() - start) / 1000);
            }
        }
        return h;
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return new KafkaProducer<>(p);
    }

    static String entryJson(String n) {
        return "{\"kind\":\"NUMBER\",\"value\":\"" + n + "\",\"action\":\"BLOCK\",\"category\":\"IMPERSONATION\","
                + "\"reason\":\"national feed\",\"source\":\"NATIONAL_PLATFORM\",\"createdBy\":\"bench\","
                + "\"createdAt\":\"2026-11-28T10:00:00Z\",\"updatedAt\":\"2026-11-28T10:00:00Z\",\"expiresAt\":null}";
    }
}
