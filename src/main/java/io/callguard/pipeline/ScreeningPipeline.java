package io.callguard.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jboss.logging.Logger;

import io.callguard.config.CallguardConfig;
import io.callguard.config.DeliveryMode;
import io.callguard.config.KafkaClientFactory;
import io.callguard.config.KafkaFailures;
import io.callguard.notify.FamilyNotifier;
import io.callguard.screening.CallSetupDecoder;
import io.callguard.screening.Screener;

/** The screening consumer group of this replica: {@code callguard.pipeline.threads} loops, each on its own thread. */
@ApplicationScoped
public class ScreeningPipeline {

    private static final Logger LOG = Logger.getLogger(ScreeningPipeline.class);

    private final CallguardConfig config;
    private final KafkaClientFactory clients;
    private final Screener screener;
    private final FamilyNotifier notifier;
    private final Clock clock;
    private final MeterRegistry registry;
    private final PipelineMetrics metrics;
    private final LagGauges lagGauges;
    private final JsonFactory jsonFactory = new JsonFactory();
    private final List<ScreeningLoop> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> clientMetrics = new ArrayList<>();
    private volatile boolean stopRequested;

    @Inject
    public ScreeningPipeline(
            CallguardConfig config,
            KafkaClientFactory clients,
            Screener screener,
            FamilyNotifier notifier,
            Clock clock,
            MeterRegistry registry) {
        this.config = config;
        this.clients = clients;
        this.screener = screener;
        this.notifier = notifier;
        this.clock = clock;
        this.registry = registry;
        this.metrics = new PipelineMetrics(registry);
        this.lagGauges = new LagGauges(registry);
        Gauge.builder("callguard.screening.loops.dead", this, ScreeningPipeline::deadLoops)
                .description("Screening loops stopped by a fatal failure (liveness is DOWN while > 0)")
                .register(registry);
    }

    public synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        CallguardConfig.Pipeline p = config.pipeline();
        for (int i = 0; i < p.threads(); i++) {
            String name = "screening-" + i;
            int index = i;
            CallSetupHandler handler = new CallSetupHandler(
                    new CallSetupDecoder(jsonFactory, p.maxEventBytes(), p.maxCallIdLength()),
                    new JsonEncoder(jsonFactory),
                    screener,
                    notifier,
                    clock,
                    p.staleThreshold().toMillis(),
                    config.topics().callDecisions(),
                    config.topics().familyNotifications(),
                    config.topics().callSetupDlq(),
                    metrics);
            ScreeningLoop loop = new ScreeningLoop(
                    name,
                    config.topics().callSetup(),
                    p.delivery(),
                    () -> consumer(name),
                    () -> producer(name, index),
                    handler,
                    metrics,
                    p.pollTimeout(),
                    p.retryBackoff(),
                    p.maxRetryDuration(),
                    lagGauges,
                    warmupWindow(),
                    p.commitInterval(),
                    new TransactionBounds(p.transactionMaxAge(), p.transactionMaxRecords()));
            Thread thread = new Thread(loop, name);
            loops.add(loop);
            threads.add(thread);
            thread.start();
        }
        LOG.infof(
                "screening started: %d threads, delivery %s, input %s",
                p.threads(), p.delivery(), config.topics().callSetup());
    }

    /**
     * How far back a newly assigned partition is re-read to rebuild the in-memory windows: the longer of the velocity
     * window and the notification de-duplication window.
     */
    private Duration warmupWindow() {
        Duration velocity = config.rules().velocity().window();
        Duration dedup = config.notifications().dedupWindow();
        return velocity.compareTo(dedup) >= 0 ? velocity : dedup;
    }

    /** The failure that ended a loop for good, as {@code Class: message}, or {@code null}. */
    public String fatalFailure() {
        return loops.stream()
                .map(ScreeningLoop::fatalFailure)
                .filter(Objects::nonNull)
                .findFirst()
                .map(f -> KafkaFailures.kindOf(f) + ": " + f.getMessage())
                .orElse(null);
    }

    /** Whether every loop has joined the consumer group. */
    public boolean isAssigned() {
        return !loops.isEmpty() && loops.stream().allMatch(l -> l.isAssigned() && !l.isStopped());
    }

    private long deadLoops() {
        return stopRequested
                ? 0
                : loops.stream().filter(ScreeningLoop::isStopped).count();
    }

    /** A loop that stopped without being asked to: it will not come back by itself. */
    public boolean hasDeadLoop() {
        return !stopRequested && loops.stream().anyMatch(ScreeningLoop::isStopped);
    }

    /** Graceful stop: each loop finishes its batch, commits and closes its clients. */
    public synchronized void stop() {
        stopRequested = true;
        loops.forEach(ScreeningLoop::stop);
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable m : clientMetrics) {
            try {
                m.close();
            } catch (Exception e) {
                LOG.debugf("closing client metrics: %s", e);
            }
        }
    }

    private Consumer<byte[], byte[]> consumer(String name) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.pipeline().groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "callguard-" + clients.instanceId() + "-" + name + "-in");
        if (config.pipeline().delivery() == DeliveryMode.EXACTLY_ONCE) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        KafkaConsumer<byte[], byte[]> consumer = clients.rawConsumer(props);
        bindMetrics(new KafkaClientMetrics(consumer));
        return consumer;
    }

    private Producer<byte[], byte[]> producer(String name, int index) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "callguard-" + clients.instanceId() + "-" + name + "-out");
        if (config.pipeline().delivery() == DeliveryMode.EXACTLY_ONCE) {
            // Stable per replica and thread, so a restarted replica fences its predecessor's open transaction at once.
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.pipeline().transactionalIdPrefix() + "-" + index);
        }
        KafkaProducer<byte[], byte[]> producer = clients.rawProducer(props);
        bindMetrics(new KafkaClientMetrics(producer));
        return producer;
    }

    private synchronized void bindMetrics(KafkaClientMetrics m) {
        m.bindTo(registry);
        clientMetrics.add(m);
    }
}
