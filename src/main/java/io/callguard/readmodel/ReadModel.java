package io.callguard.readmodel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.state.ProjectionBarrier;
import io.callguard.state.StateTopicWriter;

/**
 * The people's read model of this replica: starts the projector (when a database is configured) and lets state writes
 * wait until their audit records are projected, so a history opened right after a change shows it.
 */
@ApplicationScoped
public class ReadModel implements ProjectionBarrier {

    private static final Logger LOG = Logger.getLogger(ReadModel.class);

    @Inject
    CallguardConfig config;

    @Inject
    KafkaClientFactory clients;

    @Inject
    ReadModelDatabase database;

    @Inject
    StateTopicWriter writer;

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    private Projector projector;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("callguard.readmodel.configured", database, d -> d.configured() ? 1 : 0)
                .description("1 when a read-model database is configured")
                .register(registry);
        if (!database.configured()) {
            LOG.info("read model: no database configured (QUARKUS_DATASOURCE_JDBC_URL); people's reads answer 503");
            return;
        }
        writer.projectTo(this);
        if (!config.readModel().projectorEnabled()) {
            return;
        }
        CallguardConfig.Topics t = config.topics();
        Map<String, ProjectedTables.Kind> kinds = new HashMap<>();
        kinds.put(t.blocklistAudit(), ProjectedTables.Kind.BLOCKLIST_AUDIT);
        kinds.put(t.protectedLinesAudit(), ProjectedTables.Kind.LINES_AUDIT);
        kinds.put(t.callDecisions(), ProjectedTables.Kind.DECISIONS);
        kinds.put(t.familyNotifications(), ProjectedTables.Kind.NOTIFICATIONS);
        kinds.put(t.fraudReports(), ProjectedTables.Kind.REPORTS);
        kinds.put(t.disputes(), ProjectedTables.Kind.DISPUTES);
        projector = new Projector(
                database,
                this::consumer,
                kinds,
                mapper,
                new ProjectorMetrics(registry, List.copyOf(kinds.keySet())),
                config.readModel().pollTimeout(),
                config.readModel().retention(),
                clock);
        thread = new Thread(projector, "read-model-projector");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (projector != null) {
            projector.stop();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new HashMap<>(clients.stateConsumerConfig(Map.of()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.readModel().groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "callguard-" + clients.instanceId() + "-projector");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.readModel().maxBatch());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    @Override
    public void await(String topic, int partition, long offset) {
        if (!database.migrated()) {
            return;
        }
        long deadline = System.nanoTime() + config.readModel().writeWait().toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = database.connection()) {
                if (ProjectorOffsets.passed(c, topic, partition, offset)) {
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                return; // the database is down: the write stands, the history catches up later
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.debugf(
                "read model: %s-%d@%d not projected within %s",
                topic, partition, offset, config.readModel().writeWait());
    }
}
