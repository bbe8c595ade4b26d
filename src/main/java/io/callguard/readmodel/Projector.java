package io.callguard.readmodel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import io.callguard.config.KafkaFailures;

/**
 * Projects the audit trails, BLOCK/WARN decisions and family notifications into PostgreSQL: one thread, one consumer
 * of the projector group, and for every poll one database transaction that holds the batch's rows and the offsets
 * that follow them. Kafka offsets are never committed: the database's own say where to resume, so a crash or a replay
 * can neither drop nor double a row. While the database is down the projector backs off and re-reads from its last
 * stored offsets once it is back; screening never waits on it.
 */
final class Projector implements Runnable {

    private static final Logger LOG = Logger.getLogger(Projector.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Duration MAINTENANCE_EVERY = Duration.ofHours(1);

    private final ReadModelDatabase database;
    private final Supplier<Consumer<String, byte[]>> consumerFactory;
    private final Map<String, ProjectedTables.Kind> kinds;
    private final ProjectedTables tables;
    private final ProjectorMetrics metrics;
    private final Duration pollTimeout;
    private final Duration retention;
    private final Clock clock;
    /** Assigned partitions whose position must still be set from the database. */
    private final Set<TopicPartition> unpositioned = new HashSet<>();

    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private long backoffMillis;
    private long nextMaintenance;

    Projector(
            ReadModelDatabase database,
            Supplier<Consumer<String, byte[]>> consumerFactory,
            Map<String, ProjectedTables.Kind> kinds,
            ObjectMapper mapper,
            ProjectorMetrics metrics,
            Duration pollTimeout,
            Duration retention,
            Clock clock) {
        this.database = database;
        this.consumerFactory = consumerFactory;
        this.kinds = Map.copyOf(kinds);
        this.tables = new ProjectedTables(mapper);
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
        this.retention = retention;
        this.clock = clock;
    }

    void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        while (running && !database.migrated()) {
            try {
                database.migrate();
                LOG.info("read model: schema up to date, projecting");
            } catch (RuntimeException e) {
                failed("migrating the schema", e);
            }
        }
        try (Consumer<String, byte[]> c = consumerFactory.get()) {
            consumer = c;
            c.subscribe(kinds.keySet(), new Positions());
            while (running) {
                positionFromDatabase();
                ConsumerRecords<String, byte[]> records;
                try {
                    records = c.poll(pollTimeout);
                } catch (WakeupException e) {
                    continue;
                }
                maintainPartitions();
                if (!records.isEmpty()) {
                    project(records);
                }
                metrics.updateLag(c, records);
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "read model: projector stopped (%s)", KafkaFailures.kindOf(e));
                metrics.stopped();
            }
        }
    }

    private void project(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        ProjectedTables.Kind[] batchKinds = new ProjectedTables.Kind[records.count()];
        Map<TopicPartition, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            batchKinds[batch.size()] = kinds.get(r.topic());
            batch.add(r);
            next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
        }
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            try {
                ProjectedTables.Written written = tables.write(c, batch, batchKinds);
                ProjectorOffsets.write(c, next);
                c.commit();
                metrics.written(written);
                backoffMillis = 0;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            failed("writing a batch of " + batch.size(), e);
            // Nothing of the batch is stored: read it again from the offsets the database holds.
            unpositioned.addAll(records.partitions());
            consumer.pause(records.partitions());
        }
    }

    /** Sets every newly assigned (or rewound) partition to the offset stored in the database. */
    private void positionFromDatabase() {
        if (unpositioned.isEmpty()) {
            return;
        }
        Set<TopicPartition> assigned = consumer.assignment();
        unpositioned.retainAll(assigned);
        if (unpositioned.isEmpty()) {
            return;
        }
        try (Connection c = database.connection()) {
            Map<TopicPartition, Long> stored = ProjectorOffsets.read(c, unpositioned);
            List<TopicPartition> fromStart = new ArrayList<>();
            for (TopicPartition tp : unpositioned) {
                Long offset = stored.get(tp);
                if (offset == null) {
                    fromStart.add(tp);
                } else {
                    consumer.seek(tp, offset);
                }
            }
            consumer.seekToBeginning(fromStart);
            consumer.resume(unpositioned);
            unpositioned.clear();
            backoffMillis = 0;
        } catch (SQLException | RuntimeException e) {
            consumer.pause(unpositioned);
            failed("reading the stored offsets", e);
        }
    }

    private void maintainPartitions() {
        long now = clock.millis();
        if (now < nextMaintenance) {
            return;
        }
        try (Connection c = database.connection()) {
            c.setAutoCommit(false);
            MonthlyPartitions.maintain(c, clock.instant(), retention);
            c.commit();
            nextMaintenance = now + MAINTENANCE_EVERY.toMillis();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("read model: partition maintenance failed (%s); retried later", e.getMessage());
            nextMaintenance = now + Duration.ofMinutes(1).toMillis();
        }
    }

    private void failed(String what, Exception e) {
        metrics.databaseError();
        backoffMillis = backoffMillis == 0 ? 500 : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        LOG.warnf(
                "read model: %s failed (%s: %s); retrying in %d ms",
                what, e.getClass().getSimpleName(), e.getMessage(), backoffMillis);
        try {
            Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** New partitions start where the database says; revoked ones need nothing: nothing is pending across polls. */
    private final class Positions implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            unpositioned.removeAll(partitions);
            metrics.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            unpositioned.addAll(partitions);
            consumer.pause(partitions);
        }
    }
}
