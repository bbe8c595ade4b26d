package io.callguard.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the switching layer: produces call-setup events at a constant rate (open loop: the send schedule never waits
 * for answers, so a slow service shows up as latency instead of hiding it) and measures setup→decision latency from
 * each event's scheduled time with HdrHistogram.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.callguard.tools.SwitchSimulator \
 *     -Dexec.args="--bootstrap 127.0.0.1:9092 --rate 2000 --seconds 30 --seed-state"
 * </pre>
 */
public final class SwitchSimulator {

    /** What to run. */
    public record Options(
            String bootstrap,
            String inputTopic,
            String decisionsTopic,
            double rate,
            Duration duration,
            Duration warmup,
            double malformedShare,
            boolean printDecisions,
            Path report,
            String label) {

        public static Options defaults(String bootstrap) {
            return new Options(
                    bootstrap,
                    "call-setup",
                    "call-decisions",
                    1000,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(5),
                    0.001,
                    false,
                    null,
                    "simulator");
        }
    }

    /** What it saw. */
    public record Result(
            String label,
            long sent,
            long decided,
            long missing,
            double targetRate,
            double achievedSendRate,
            double decisionRate,
            long p50Micros,
            long p90Micros,
            long p99Micros,
            long p999Micros,
            long maxMicros,
            Map<String, Long> byDecision) {

        public String toJson() {
            StringBuilder b = new StringBuilder("{");
            b.append("\"label\":\"").append(label).append("\",");
            b.append("\"sent\":").append(sent).append(',');
            b.append("\"decided\":").append(decided).append(',');
            b.append("\"missing\":").append(missing).append(',');
            b.append("\"targetRate\":").append(targetRate).append(',');
            b.append("\"achievedSendRate\":").append(round(achievedSendRate)).append(',');
            b.append("\"decisionRate\":").append(round(decisionRate)).append(',');
            b.append("\"latencyMicros\":{\"p50\":")
                    .append(p50Micros)
                    .append(",\"p90\":")
                    .append(p90Micros)
                    .append(",\"p99\":")
                    .append(p99Micros)
                    .append(",\"p999\":")
                    .append(p999Micros)
                    .append(",\"max\":")
                    .append(maxMicros)
                    .append("},\"byDecision\":{");
            String sep = "";
            for (Map.Entry<String, Long> e : byDecision.entrySet()) {
                b.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
                sep = ",";
            }
            return b.append("}}").toString();
        }

        public String summary() {
            return String.format(
                    "%s: sent %d at %.0f/s (target %.0f/s), decided %d (%d missing) at %.0f/s; setup->decision"
                            + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; %s",
                    label,
                    sent,
                    achievedSendRate,
                    targetRate,
                    decided,
                    missing,
                    decisionRate,
                    p50Micros / 1000.0,
                    p90Micros / 1000.0,
                    p99Micros / 1000.0,
                    p999Micros / 1000.0,
                    maxMicros / 1000.0,
                    byDecision);
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }

    private final Options options;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Map<String, LongAdder> byDecision = new ConcurrentHashMap<>();
    private final AtomicLong decided = new AtomicLong();
    private final Histogram latency = new Histogram(60_000_000L, 3);
    private volatile long[] scheduled;
    private volatile boolean consuming = true;

    public SwitchSimulator(Options options) {
        this.options = options;
    }

    private volatile Result lastResult;

    /** The result of the last {@link #run}. */
    public Result lastResult() {
        return lastResult;
    }

    public Result run() throws InterruptedException {
        if (options.rate() <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + options.rate());
        }
        long total = (long) (options.rate() * options.duration().toMillis() / 1000.0);
        scheduled = new long[(int) total];
        KafkaConsumer<byte[], byte[]> consumer = decisionsConsumer();
        Thread reader = new Thread(() -> consume(consumer), "simulator-reader");
        reader.start();
        long warmupEvents = (long) (options.rate() * options.warmup().toMillis() / 1000.0);
        CallMix mix = new CallMix(42, options.malformedShare());
        long startNanos;
        long endNanos;
        long malformed = 0;
        try (KafkaProducer<String, String> producer = producer()) {
            long intervalNanos = (long) (1_000_000_000L / options.rate());
            long baseMillis = System.currentTimeMillis();
            startNanos = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = startNanos + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long setupTime = baseMillis + (due - startNanos) / 1_000_000;
                scheduled[i] = i < warmupEvents ? -setupTime : setupTime;
                CallMix.Event e = mix.next(callId(i), setupTime);
                if (e.malformed()) {
                    malformed++;
                }
                producer.send(new ProducerRecord<>(options.inputTopic(), e.key(), e.json()));
            }
            producer.flush();
            endNanos = System.nanoTime();
        }
        // Wait for the answers: at most 30 s after the last send, or until nothing arrives for 3 s.
        long deadline = System.currentTimeMillis() + 30_000;
        long last = -1;
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = decided.get();
            if (now != last) {
                last = now;
                quietSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - quietSince > 3000) {
                break;
            }
            if (now >= total - malformed) {
                break;
            }
            Thread.sleep(50);
        }
        long drainedNanos = System.nanoTime();
        consuming = false;
        consumer.wakeup();
        reader.join(5000);
        double sendSeconds = Math.max(1e-9, (endNanos - startNanos) / 1e9);
        double allSeconds = Math.max(1e-9, (drainedNanos - startNanos) / 1e9);
        Map<String, Long> counts = new HashMap<>();
        byDecision.forEach((k, v) -> counts.put(k, v.sum()));
        Result result;
        synchronized (latency) {
            result = new Result(
                    options.label(),
                    total,
                    decided.get(),
                    Math.max(0, total - malformed - decided.get()),
                    options.rate(),
                    total / sendSeconds,
                    decided.get() / allSeconds,
                    latency.getValueAtPercentile(50),
                    latency.getValueAtPercentile(90),
                    latency.getValueAtPercentile(99),
                    latency.getValueAtPercentile(99.9),
                    latency.getMaxValue(),
                    counts);
        }
        lastResult = result;
        if (options.report() != null) {
            try {
                Files.createDirectories(options.report().toAbsolutePath().getParent());
                Files.writeString(options.report(), result.toJson());
            } catch (IOException e) {
                System.err.println("could not write report " + options.report() + ": " + e);
            }
        }
        return result;
    }

    /** Latency histogram in microseconds, for plotting. */
    public Histogram histogram() {
        return latency;
    }

    private String callId(int i) {
        return "sim-" + runId + "-" + i;
    }

    private void consume(KafkaConsumer<byte[], byte[]> consumer) {
        String prefix = "sim-" + runId + "-";
        try (consumer) {
            while (consuming) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long received = System.currentTimeMillis();
                    if (r.value() == null) {
                        continue;
                    }
                    // The callId identifies the answer, in a decision or in a passthrough's copy of the event.
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    String id = field(value, "\"callId\":\"");
                    if (!id.startsWith(prefix)) {
                        continue;
                    }
                    int seq = Integer.parseInt(id.substring(prefix.length()));
                    long sentAt = scheduled[seq];
                    decided.incrementAndGet();
                    String decision = field(value, "\"decision\":\"");
                    String reason = field(value, "\"reasons\":[\"");
                    byDecision
                            .computeIfAbsent(decision + "/" + reason, k -> new LongAdder())
                            .increment();
                    if (sentAt > 0) {
                        synchronized (latency) {
                            latency.recordValue(Math.max(0, received - sentAt) * 1000);
                        }
                    }
                    if (options.printDecisions()) {
                        System.out.printf(
                                "%-5s %-16s %s -> %s%s%n",
                                decision,
                                reason,
                                orDash(field(value, "\"callingNumber\":\"")),
                                field(value, "\"calledNumber\":\""),
                                value.contains("\"protectedLine\":true") ? "  [protected senior line]" : "");
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // done
        }
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "(hidden)" : s;
    }

    private static String field(String json, String marker) {
        int i = json.indexOf(marker);
        if (i < 0) {
            return "";
        }
        int start = i + marker.length();
        int end = json.indexOf('"', start);
        return end < 0 ? "" : json.substring(start, end);
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p);
    }

    private KafkaConsumer<byte[], byte[]> decisionsConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        // A switch acts only on decisions that will not be aborted: exactly-once outputs count once committed.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
        List<TopicPartition> parts = c.partitionsFor(options.decisionsTopic(), Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(options.decisionsTopic(), i.partition()))
                .toList();
        c.assign(parts);
        c.seekToEnd(parts);
        parts.forEach(c::position); // resolve the end now, before anything is produced
        return c;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        String bootstrap = a.getOrDefault("bootstrap", "127.0.0.1:9092");
        if (a.containsKey("seed-state")) {
            StateSeeder.seed(bootstrap, a.getOrDefault("topic-prefix", ""));
        }
        String prefix = a.getOrDefault("topic-prefix", "");
        Options o = new Options(
                bootstrap,
                prefix + "call-setup",
                prefix + "call-decisions",
                Double.parseDouble(a.getOrDefault("rate", "1000")),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("seconds", "30"))),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("warmup", "5"))),
                Double.parseDouble(a.getOrDefault("malformed", "0.001")),
                a.containsKey("print"),
                Path.of(a.getOrDefault("report", "target/simulator-report.json")),
                a.getOrDefault("label", "simulator"));
        Result r = new SwitchSimulator(o).run();
        System.out.println(r.summary());
        System.out.println("report: " + o.report());
    }
}
