package io.callguard.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer lag per owned partition, in records and as an age: how long the record this replica has reached has been
 * waiting. The age is what matters to the switch, which gives up after about 2 s.
 */
final class LagGauges {

    private final MeterRegistry registry;
    private final Map<TopicPartition, Lag> lags = new ConcurrentHashMap<>();

    LagGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Called by the owning loop after each batch. */
    void update(TopicPartition tp, long lagRecords, long lastRecordTimestamp, long now) {
        Lag lag = lags.computeIfAbsent(tp, this::register);
        lag.records = lagRecords;
        lag.seconds = lagRecords <= 0 || lastRecordTimestamp <= 0 ? 0 : Math.max(0, now - lastRecordTimestamp) / 1000.0;
    }

    /** Called when a partition is revoked: another replica reports it now. */
    void remove(TopicPartition tp) {
        Lag lag = lags.remove(tp);
        if (lag != null) {
            registry.remove(lag.recordsGauge);
            registry.remove(lag.secondsGauge);
        }
    }

    private Lag register(TopicPartition tp) {
        Lag lag = new Lag();
        Tags tags = Tags.of("topic", tp.topic(), "partition", Integer.toString(tp.partition()));
        lag.recordsGauge = Gauge.builder("callguard.consumer.lag.records", lag, l -> l.records)
                .tags(tags)
                .description("Records of call-setup not yet screened, per owned partition")
                .register(registry);
        lag.secondsGauge = Gauge.builder("callguard.consumer.lag", lag, l -> l.seconds)
                .tags(tags)
                .baseUnit("seconds")
                .description("Age of the last screened record while a backlog exists, per owned partition")
                .register(registry);
        return lag;
    }

    private static final class Lag {
        volatile long records;
        volatile double seconds;
        Gauge recordsGauge;
        Gauge secondsGauge;
    }
}
