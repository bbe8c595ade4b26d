package io.callguard.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.callguard.testing.EmbeddedDatabase;
import io.callguard.testing.EmbeddedKafka;
import io.callguard.testing.ServiceProcess;
import io.callguard.tools.CallMix;
import io.callguard.tools.StateSeeder;
import io.callguard.tools.SwitchSimulator;

/**
 * The service against a plain Kafka consume→produce passthrough with the same client settings, on the same broker
 * and topic layout, in one run:
 *
 * <ol>
 *   <li>throughput: a backlog of N events, drained by each (records out / time from first to last output);
 *   <li>latency: the simulator at half the passthrough's measured maximum, open loop, setup→answer percentiles;
 *   <li>the same for exactly-once mode.
 * </ol>
 *
 * <pre>./mvnw -Pbench package -Dbench.args="load --events 300000 --seconds 30"</pre>
 *
 * Writes {@code target/bench/load.md}, {@code load.json} and {@code latency.png}.
 */
public final class LoadHarness {

    private final String bootstrap;
    private final int partitions;
    private final int threads;
    private final String baselineJar;
    private EmbeddedDatabase readModel;
    /** {@code 2026-11}: the baseline build knows every topic key and the management port of this one. */
    private String baselineSince;

    private String serviceJvmOptions;

    LoadHarness(String bootstrap, int partitions, int threads, String baselineJar) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
        this.threads = threads;
        this.baselineJar = baselineJar;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        int events = Integer.parseInt(a.getOrDefault("events", "300000"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int partitions = Integer.parseInt(a.getOrDefault("partitions", "4"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "2"));
        Path dir = Paths.get("target", "bench");
        Files.createDirectories(dir);
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka-" + System.currentTimeMillis()));
        // --baseline-jar: another build (e.g. the previous commit's) measured in the same run, to price a change.
        String baselineJar = a.get("baseline-jar");
        LoadHarness h = new LoadHarness(kafka.bootstrapServers(), partitions, threads, baselineJar);
        h.baselineSince = a.get("baseline-since");
        // --service-jvm "-Xlog:gc:file=..." : further options of the service processes (diagnosis).
        h.serviceJvmOptions = a.get("service-jvm");
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                "Machine: %d cores, %s %s, Java %s; broker in the harness JVM; %d partitions, %d consumer threads.%n%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                partitions,
                threads));
        int header = md.length();
        try {
            // --latency-only yes (with --rate): skip the backlog drains, measure only the open-loop latency.
            boolean latencyOnly = a.containsKey("latency-only") && a.containsKey("rate");
            // --throughput-baseline passthrough-pipelined: the baseline the pipelined loop is held to (default: sync).
            String baselineTarget = a.getOrDefault("throughput-baseline", "passthrough");
            double pass = latencyOnly ? 0 : h.throughput(baselineTarget, events, null);
            double alo = latencyOnly ? 0 : h.throughput("service", events, "AT_LEAST_ONCE");
            double base =
                    baselineJar == null || latencyOnly ? 0 : h.throughput("service-baseline", events, "AT_LEAST_ONCE");
            // --read-model yes: the service again, now with its projector writing to a PostgreSQL meanwhile.
            double withReadModel = 0;
            if (a.containsKey("read-model")) {
                h.readModel = EmbeddedDatabase.start(dir.resolve("pg-load"), EmbeddedKafka.freePort());
                withReadModel = h.throughput("service-readmodel", events, "AT_LEAST_ONCE");
                h.readModel.close();
                h.readModel = null;
            }
            double eos = latencyOnly ? 0 : h.throughput("service-eos", events, "EXACTLY_ONCE");
            md.append("| throughput (backlog of ")
                    .append(events)
                    .append(" events) | records/s | ratio to passthrough |\n|---|---:|---:|\n");
            md.append(String.format("| %s (baseline) | %.0f | 1.00 |%n", baselineTarget, pass));
            md.append(String.format("| callguard, at-least-once | %.0f | %.2f |%n", alo, alo / pass));
            if (withReadModel > 0) {
                md.append(String.format(
                        "| callguard at-least-once, projector writing the read model meanwhile | %.0f | %.2f |%n",
                        withReadModel, withReadModel / pass));
            }
            if (baselineJar != null) {
                md.append(String.format(
                        "| callguard at-least-once, baseline build (%s) | %.0f | %.2f |%n",
                        Paths.get(baselineJar).getFileName(), base, base / pass));
            }
            md.append(String.format("| callguard, exactly-once | %.0f | %.2f |%n%n", eos, eos / pass));
            if (latencyOnly) {
                md.setLength(header);
            }
            if (a.containsKey("throughput-only")) {
                Files.writeString(dir.resolve("load.md"), md.toString());
                System.out.println(md);
                kafka.close();
                System.exit(0);
            }

            // --rate R: latency at a fixed, moderate rate (a province's busy hour per partition set) instead of half
            // the
            // passthrough's maximum; with --baseline-jar the other build is measured at the same rate too.
            double rate = a.containsKey("rate") ? Double.parseDouble(a.get("rate")) : Math.floor(pass / 2);
            Map<String, Histogram> curves = LatencyPlot.ordered();
            List<SwitchSimulator.Result> results = new ArrayList<>();
            List<String> targets = new ArrayList<>(List.of("passthrough", "service"));
            if (baselineJar != null) {
                targets.add("service-baseline");
            }
            targets.add("service-eos");
            // --targets a,b,...: only these, e.g. service-eos,service-eos-age-20 (transactions open up to 20 ms).
            if (a.containsKey("targets")) {
                targets = List.of(a.get("targets").split(","));
            }
            for (String target : targets) {
                SwitchSimulator sim = h.latency(target, rate, seconds);
                results.add(sim.lastResult());
                curves.put(target, sim.histogram());
            }
            md.append(String.format(
                    "| latency at %.0f events/s (%s), %d s open loop | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | p99 minus passthrough p99 |%n",
                    rate, a.containsKey("rate") ? "fixed rate" : "half the passthrough maximum", seconds));
            md.append("|---|---:|---:|---:|---:|---:|---:|\n");
            long baseP99 = results.get(0).p99Micros();
            for (SwitchSimulator.Result r : results) {
                md.append(String.format(
                        "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %+.2f ms |%n",
                        r.label(),
                        r.p50Micros() / 1000.0,
                        r.p90Micros() / 1000.0,
                        r.p99Micros() / 1000.0,
                        r.p999Micros() / 1000.0,
                        r.maxMicros() / 1000.0,
                        (r.p99Micros() - baseP99) / 1000.0));
            }
            LatencyPlot.write(
                    dir.resolve("latency.png"),
                    String.format("setup -> answer latency at %.0f events/s", rate),
                    curves);
            StringBuilder json = new StringBuilder("{\"throughput\":{");
            json.append(String.format(
                    "\"passthrough\":%.1f,\"service\":%.1f,\"serviceEos\":%.1f},\"latency\":[", pass, alo, eos));
            for (int i = 0; i < results.size(); i++) {
                json.append(i == 0 ? "" : ",").append(results.get(i).toJson());
            }
            json.append("]}");
            Files.writeString(dir.resolve("load.json"), json.toString());
            Files.writeString(dir.resolve("load.md"), md.toString());
            System.out.println();
            System.out.println(md);
            System.out.println("written: target/bench/load.md, load.json, latency.png");
        } finally {
            kafka.close();
        }
        System.exit(0);
    }

    /** Drains a preloaded backlog; returns output records per second from first to last output. */
    double throughput(String target, int events, String delivery) throws Exception {
        String prefix = target + "-tp-" + System.nanoTime() + "-";
        createTopics(prefix);
        int written = preload(prefix + "call-setup", events);
        try (AutoCloseable process = startTarget(target, prefix, delivery)) {
            double rate = drainRate(prefix + "call-decisions", written, Duration.ofMinutes(10));
            System.out.printf("%s: drained %d events at %.0f records/s%n", target, events, rate);
            return rate;
        }
    }

    SwitchSimulator latency(String target, double rate, int seconds) throws Exception {
        String prefix = target + "-lat-" + System.nanoTime() + "-";
        createTopics(prefix);
        try (AutoCloseable process =
                startTarget(target, prefix, target.contains("eos") ? "EXACTLY_ONCE" : "AT_LEAST_ONCE")) {
            Thread.sleep(3000); // consumer group joined
            SwitchSimulator sim = new SwitchSimulator(new SwitchSimulator.Options(
                    bootstrap,
                    prefix + "call-setup",
                    prefix + "call-decisions",
                    rate,
                    Duration.ofSeconds(seconds),
                    Duration.ofSeconds(5),
                    0,
                    false,
                    null,
                    target));
            SwitchSimulator.Result r = sim.run();
            System.out.println(r.summary());
            return sim;
        }
    }

    private AutoCloseable startTarget(String target, String prefix, String delivery) throws Exception {
        if (target.startsWith("passthrough")) {
            String java =
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(
                            java,
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            Passthrough.class.getName(),
                            "--bootstrap",
                            bootstrap,
                            "--in",
                            prefix + "call-setup",
                            "--out",
                            prefix + "call-decisions",
                            "--threads",
                            Integer.toString(threads),
                            "--group",
                            prefix + "group",
                            "--mode",
                            target.equals("passthrough") ? "sync" : target.substring("passthrough-".length()))
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/bench/" + prefix + "passthrough.log"))
                    .start();
            return () -> {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
            };
        }
        StateSeeder.seed(bootstrap, prefix);
        Map<String, String> s = new HashMap<>();
        if (target.endsWith("baseline")) {
            s.put(ServiceProcess.JAR, baselineJar);
        }
        if (target.endsWith("readmodel")) {
            s.put("quarkus.datasource.jdbc.url", readModel.jdbcUrl());
            s.put("quarkus.datasource.username", EmbeddedDatabase.user());
            s.put("callguard.read-model.group-id", prefix + "projector");
        }
        s.put("kafka.bootstrap.servers", bootstrap);
        s.put("callguard.topics.call-setup", prefix + "call-setup");
        s.put("callguard.topics.call-decisions", prefix + "call-decisions");
        s.put("callguard.topics.family-notifications", prefix + "family-notifications");
        s.put("callguard.topics.call-setup-dlq", prefix + "call-setup-dlq");
        s.put("callguard.topics.fraud-blocklist", prefix + "fraud-blocklist");
        s.put("callguard.topics.protected-lines", prefix + "protected-lines");
        s.put("callguard.topics.blocklist-audit", prefix + "blocklist-audit");
        // A baseline build from before a topic existed refuses its key (unknown callguard.* keys stop the start):
        // --baseline-since 2026-11 says the baseline knows every topic and the management port of this build.
        boolean modernBaseline = "2026-11".equals(baselineSince);
        if (target.endsWith("baseline") && modernBaseline) {
            s.put("quarkus.management.port", Integer.toString(EmbeddedKafka.freePort()));
        }
        if (!target.endsWith("baseline") || modernBaseline) {
            s.put("callguard.topics.blocklist-approvals", prefix + "blocklist-approvals");
            s.put("callguard.topics.roaming-subscribers", prefix + "roaming-subscribers");
            s.put("callguard.topics.protected-lines-audit", prefix + "protected-lines-audit");
            s.put("callguard.topics.fraud-reports", prefix + "fraud-reports");
            s.put("callguard.topics.fraud-reports-dlq", prefix + "fraud-reports-dlq");
            s.put("callguard.topics.disputes", prefix + "disputes");
            s.put("callguard.topics.report-clearances", prefix + "report-clearances");
            s.put("callguard.reports.group-id", prefix + "labeller");
        }
        s.put("callguard.pipeline.group-id", prefix + "group");
        s.put("callguard.pipeline.transactional-id-prefix", prefix + "tx");
        s.put("callguard.pipeline.threads", Integer.toString(threads));
        s.put("callguard.pipeline.delivery", delivery);
        if (target.contains("-age-")) {
            s.put("callguard.pipeline.transaction-max-age", target.replaceAll(".*-age-(\\d+).*", "$1") + "ms");
        }
        s.put("quarkus.log.category.\"io.callguard\".level", "WARN");
        if (serviceJvmOptions != null) {
            s.put(ServiceProcess.JVM_OPTIONS, serviceJvmOptions);
        }
        ServiceProcess service = ServiceProcess.start("bench-" + target, s);
        service.awaitReady(Duration.ofSeconds(120));
        return () -> service.stopGracefully(Duration.ofSeconds(30));
    }

    private void createTopics(String prefix) throws Exception {
        Map<String, String> compact = Map.of("cleanup.policy", "compact");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic(prefix + "call-setup", Optional.of(partitions), Optional.empty()),
                            new NewTopic(prefix + "call-decisions", Optional.of(partitions), Optional.empty()),
                            new NewTopic(prefix + "family-notifications", Optional.of(partitions), Optional.empty()),
                            new NewTopic(prefix + "call-setup-dlq", Optional.of(1), Optional.empty()),
                            new NewTopic(prefix + "fraud-blocklist", Optional.of(1), Optional.empty()).configs(compact),
                            new NewTopic(prefix + "protected-lines", Optional.of(1), Optional.empty()).configs(compact),
                            new NewTopic(prefix + "blocklist-approvals", Optional.of(1), Optional.empty())
                                    .configs(compact),
                            new NewTopic(prefix + "roaming-subscribers", Optional.of(1), Optional.empty())
                                    .configs(compact),
                            new NewTopic(prefix + "protected-lines-audit", Optional.of(1), Optional.empty()),
                            new NewTopic(prefix + "fraud-reports", Optional.of(1), Optional.empty()),
                            new NewTopic(prefix + "fraud-reports-dlq", Optional.of(1), Optional.empty()),
                            new NewTopic(prefix + "disputes", Optional.of(1), Optional.empty()).configs(compact),
                            new NewTopic(prefix + "report-clearances", Optional.of(1), Optional.empty())
                                    .configs(compact),
                            new NewTopic(prefix + "blocklist-audit", Optional.of(1), Optional.empty())))
                    .all()
                    .get();
        }
    }

    /** Writes the backlog; returns how many events the broker acknowledged (the drain waits for exactly those). */
    private int preload(String topic, int events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // A slow shared disk must not turn into silently missing events.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
        CallMix mix = new CallMix(11, 0);
        long t = System.currentTimeMillis();
        java.util.concurrent.atomic.AtomicInteger acked = new java.util.concurrent.atomic.AtomicInteger();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < events; i++) {
                CallMix.Event e = mix.next("tp-" + i, t);
                producer.send(new ProducerRecord<>(topic, e.key(), e.json()), (m, x) -> {
                    if (x == null) {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (acked.get() < events) {
            System.out.printf("preload: only %d of %d events acknowledged%n", acked.get(), events);
        }
        return acked.get();
    }

    /** Reads the output until {@code expected} records; rate from their first to last broker timestamp. */
    private double drainRate(String topic, int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    count++;
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                }
            }
        }
        if (count < expected) {
            throw new IllegalStateException(topic + ": only " + count + " of " + expected + " outputs arrived");
        }
        return (count - 1) * 1000.0 / Math.max(1, last - first);
    }
}
