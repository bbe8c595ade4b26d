package io.callguard.readmodel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/** How far the people's read model is behind Kafka, what it wrote, and how often the database failed it. */
final class ProjectorMetrics {

    private final Map<String, Lag> lags = new ConcurrentHashMap<>();
    private final Map<TopicPartition, long[]> partitionLag = new ConcurrentHashMap<>();
    private final Counter auditRows;
    private final Counter decisionRows;
    private final Counter notificationRows;
    private final Counter reportRows;
    private final Counter disputeRows;
    private final Counter skipped;
    private final Counter databaseErrors;
    private volatile int stopped;

    ProjectorMetrics(MeterRegistry registry, List<String> topics) {
        for (String topic : topics) {
            Lag lag = new Lag();
            lags.put(topic, lag);
            Gauge.builder("callguard.projector.lag.records", lag, l -> l.records)
                    .tag("topic", topic)
                    .description("Records of the topic not yet in the read model (partitions of this replica)")
                    .register(registry);
            Gauge.builder("callguard.projector.lag", lag, l -> l.seconds)
                    .tag("topic", topic)
                    .baseUnit("seconds")
                    .description("Age of the last record projected while a backlog exists")
                    .register(registry);
        }
        auditRows = rows(registry, "audit_records");
        decisionRows = rows(registry, "decisions");
        notificationRows = rows(registry, "notifications");
        reportRows = rows(registry, "reports");
        disputeRows = rows(registry, "disputes");
        skipped = Counter.builder("callguard.projector.skipped.records")
                .description("Records the projector could not read (not JSON)")
                .register(registry);
        databaseErrors = Counter.builder("callguard.projector.database.errors")
                .description("Failed database operations of the projector (each retried with backoff)")
                .register(registry);
        Gauge.builder("callguard.projector.stopped", this, m -> m.stopped)
                .description("1 once the projector stopped for good on a Kafka failure")
                .register(registry);
    }

    private static Counter rows(MeterRegistry registry, String table) {
        return Counter.builder("callguard.projector.rows")
                .tag("table", table)
                .description("Rows written to the read model")
                .register(registry);
    }

    void written(ProjectedTables.Written w) {
        auditRows.increment(w.audit());
        decisionRows.increment(w.decisions());
        notificationRows.increment(w.notifications());
        reportRows.increment(w.reports());
        disputeRows.increment(w.disputes());
        skipped.increment(w.skipped());
    }

    void databaseError() {
        databaseErrors.increment();
    }

    void stopped() {
        stopped = 1;
    }

    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(partitionLag::remove);
    }

    void updateLag(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
        long now = System.currentTimeMillis();
        for (TopicPartition tp : consumer.assignment()) {
            long[] state = partitionLag.computeIfAbsent(tp, k -> new long[2]);
            consumer.currentLag(tp).ifPresent(l -> state[0] = l);
            List<ConsumerRecord<String, byte[]>> part = records.records(tp);
            if (!part.isEmpty()) {
                state[1] = part.get(part.size() - 1).timestamp();
            }
        }
        for (Map.Entry<String, Lag> e : lags.entrySet()) {
            long behind = 0;
            double seconds = 0;
            for (Map.Entry<TopicPartition, long[]> p : partitionLag.entrySet()) {
                if (p.getKey().topic().equals(e.getKey())) {
                    long[] state = p.getValue();
                    behind += state[0];
                    if (state[0] > 0 && state[1] > 0) {
                        seconds = Math.max(seconds, (now - state[1]) / 1000.0);
                    }
                }
            }
            e.getValue().records = behind;
            e.getValue().seconds = seconds;
        }
    }

    private static final class Lag {
        volatile long records;
        volatile double seconds;
    }
}
