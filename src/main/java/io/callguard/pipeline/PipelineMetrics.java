package io.callguard.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.callguard.screening.IntegrityCheck;
import io.callguard.screening.InvalidEventKind;
import io.callguard.screening.Reason;
import io.callguard.screening.Verdict;

/** The screening loop's meters, created once so the hot path only increments. Names follow Prometheus conventions. */
public final class PipelineMetrics {

    private final Counter[][][] decisions = new Counter[Verdict.values().length][Reason.values().length][2];
    private final Counter[] dlq = new Counter[InvalidEventKind.values().length];
    private final Counter[][] integrity = new Counter[IntegrityCheck.values().length][Verdict.values().length];
    private final Counter stale;
    private final Counter notifications;
    private final Counter produceFailures;
    private final Counter batchRetries;
    private final Counter rebalances;
    private final Counter transactionsCommitted;
    private final Counter transactionsAborted;
    private final Timer screeningStep;
    private final Timer setupToDecision;
    private final Timer commitLatency;
    private final Timer pollLatency;
    private final MeterRegistry registry;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Verdict v : Verdict.values()) {
            for (Reason r : Reason.values()) {
                for (int p = 0; p < 2; p++) {
                    decisions[v.ordinal()][r.ordinal()][p] = Counter.builder("callguard.decisions")
                            .description("Decisions written, by outcome, deciding reason and protected line")
                            .tag("decision", v.name())
                            .tag("reason", r.name())
                            .tag("protected", Boolean.toString(p == 1))
                            .register(registry);
                }
            }
        }
        for (IntegrityCheck c : IntegrityCheck.values()) {
            for (Verdict v : List.of(Verdict.BLOCK, Verdict.WARN)) {
                integrity[c.ordinal()][v.ordinal()] = Counter.builder("callguard.integrity.decisions")
                        .description("Calls stopped or warned by caller-ID integrity (rule I), by check")
                        .tag("check", c.name())
                        .tag("decision", v.name())
                        .register(registry);
            }
        }
        for (InvalidEventKind k : InvalidEventKind.values()) {
            dlq[k.ordinal()] = Counter.builder("callguard.dlq.records")
                    .description("Input records copied to the DLQ, by error kind")
                    .tag("kind", k.name())
                    .register(registry);
        }
        stale = Counter.builder("callguard.decisions.stale")
                .description("Decisions for events older than the stale threshold on arrival")
                .register(registry);
        notifications = Counter.builder("callguard.notifications.produced")
                .description("Family notifications written to Kafka (replays included)")
                .register(registry);
        produceFailures = Counter.builder("callguard.produce.failures")
                .description("Output records the broker did not acknowledge")
                .register(registry);
        batchRetries = Counter.builder("callguard.batch.retries")
                .description("Input batches rewound and screened again after a produce or commit failure")
                .register(registry);
        rebalances = Counter.builder("callguard.consumer.rebalances")
                .description("Partition assignments received by the screening consumers")
                .register(registry);
        transactionsCommitted = Counter.builder("callguard.transactions.committed")
                .description("Kafka transactions committed (exactly-once mode)")
                .register(registry);
        transactionsAborted = Counter.builder("callguard.transactions.aborted")
                .description("Kafka transactions aborted (exactly-once mode)")
                .register(registry);
        screeningStep = Timer.builder("callguard.screening.step")
                .description("In-process time from input bytes to encoded decision")
                .serviceLevelObjectives(
                        Duration.ofNanos(5_000),
                        Duration.ofNanos(10_000),
                        Duration.ofNanos(20_000),
                        Duration.ofNanos(50_000),
                        Duration.ofNanos(100_000),
                        Duration.ofMillis(1),
                        Duration.ofMillis(10))
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
        setupToDecision = Timer.builder("callguard.setup.to.decision")
                .description("Event setupTime to decision time; the switch gives up at about 2 s")
                .serviceLevelObjectives(
                        Duration.ofMillis(1),
                        Duration.ofMillis(2),
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(20),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofMillis(1000),
                        Duration.ofMillis(2000),
                        Duration.ofMillis(5000))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        commitLatency = Timer.builder("callguard.commit")
                .description("Time to acknowledge a batch's outputs and commit its offsets")
                .serviceLevelObjectives(
                        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(100))
                .register(registry);
        pollLatency = Timer.builder("callguard.consumer.poll")
                .description("Time in poll() for polls that returned records")
                .serviceLevelObjectives(
                        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(100))
                .register(registry);
    }

    /** Time spent in poll() when it returned records: fetch latency, not idle waiting. */
    public void poll(long nanos, int records) {
        if (records > 0) {
            pollLatency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    public void decision(Verdict verdict, Reason reason, boolean protectedLine) {
        decisions[verdict.ordinal()][reason.ordinal()][protectedLine ? 1 : 0].increment();
    }

    public void integrity(IntegrityCheck check, Verdict verdict) {
        Counter c = integrity[check.ordinal()][verdict.ordinal()];
        if (c != null) {
            c.increment();
        }
    }

    public void dlq(InvalidEventKind kind) {
        dlq[kind.ordinal()].increment();
    }

    public void stale() {
        stale.increment();
    }

    public void notification() {
        notifications.increment();
    }

    public void produceFailure() {
        produceFailures.increment();
    }

    /** A failure of the loop's Kafka clients, by tier (RETRIABLE, FATAL) and the failure's class. */
    public void loopFailure(String tier, String kind) {
        Counter.builder("callguard.screening.failures")
                .description("Kafka client failures of the screening loops, by tier and kind")
                .tag("tier", tier)
                .tag("kind", kind)
                .register(registry)
                .increment();
    }

    public void batchRetry() {
        batchRetries.increment();
    }

    public void rebalance() {
        rebalances.increment();
    }

    public void transactionCommitted() {
        transactionsCommitted.increment();
    }

    public void transactionAborted() {
        transactionsAborted.increment();
    }

    public void screeningStep(long nanos) {
        screeningStep.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void setupToDecision(long millis) {
        setupToDecision.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void commit(long nanos) {
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
