package io.callguard.state;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Freshness gauges of one state topic's in-memory view. */
public final class StateMetrics {

    private StateMetrics() {}

    public static void register(MeterRegistry registry, StateTopicReader reader) {
        String topic = reader.topic();
        Gauge.builder("callguard.state.records.applied", reader, StateTopicReader::recordsApplied)
                .tag("topic", topic)
                .description("State records applied to the in-memory view since start")
                .register(registry);
        Gauge.builder("callguard.state.lag.records", reader, StateTopicReader::lag)
                .tag("topic", topic)
                .description("State records on the broker not yet applied by this replica")
                .register(registry);
        Gauge.builder("callguard.state.caught.up", reader, r -> r.isCaughtUp() ? 1 : 0)
                .tag("topic", topic)
                .description("1 once the view reached the end offsets seen at start")
                .register(registry);
        Gauge.builder("callguard.state.last.applied.age", reader, StateMetrics::secondsSinceLastApplied)
                .tag("topic", topic)
                .baseUnit("seconds")
                .description("Seconds since the last state record was applied (-1 before the first)")
                .register(registry);
        Gauge.builder("callguard.state.reader.failed", reader, r -> r.failure() == null ? 0 : 1)
                .tag("topic", topic)
                .description("1 once the reader stopped for good (its view is no longer current)")
                .register(registry);
        Gauge.builder("callguard.state.catchup.duration", reader, r -> r.catchUpMillis() / 1000.0)
                .tag("topic", topic)
                .baseUnit("seconds")
                .description("Time from start to caught-up (-0.001 while catching up)")
                .register(registry);
    }

    private static double secondsSinceLastApplied(StateTopicReader reader) {
        long at = reader.lastAppliedAtMillis();
        return at == 0 ? -1 : (System.currentTimeMillis() - at) / 1000.0;
    }
}
