package io.callguard.disputes;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.rest.StrictJson;
import io.callguard.state.FencedWriter;
import io.callguard.state.MaterializedTopic;
import io.callguard.state.StateTopicReader;
import io.callguard.state.StateTopicWriter;
import io.callguard.state.StateWriteException;

/** The disputes of this replica: the view, its reader, and the gauges the overdue alert watches. */
@ApplicationScoped
public class DisputesState {

    private final DisputesView view;
    private final MaterializedTopic topic;
    private final String topicName;
    private final KafkaClientFactory clients;
    private final FencedWriter resolutions;
    private final Duration timeout;
    private Admin admin;
    private final Counter opened;
    private final Counter lifted;
    private final Counter upheld;

    @Inject
    public DisputesState(
            CallguardConfig config,
            KafkaClientFactory clients,
            StateTopicWriter writer,
            ObjectMapper mapper,
            Clock clock,
            MeterRegistry registry) {
        this.view = new DisputesView(StrictJson.lenient(mapper));
        this.topicName = config.topics().disputes();
        this.clients = clients;
        this.timeout = config.state().applyTimeout();
        this.resolutions = new FencedWriter(
                () -> clients.sharedStateWriter(
                        "dispute-resolver", config.disputes().transactionalId()),
                writer,
                timeout);
        this.topic = new MaterializedTopic(config.topics().disputes(), view, writer, config, clients, registry);
        Gauge.builder("callguard.disputes.open", view, DisputesView::open)
                .description("Disputes waiting for an analyst")
                .register(registry);
        Gauge.builder("callguard.disputes.overdue", view, v -> v.overdueAt(clock.instant()))
                .description("Open disputes past their due time")
                .register(registry);
        Gauge.builder("callguard.disputes.oldest.open.age.seconds", view, v -> v.oldestOpenAgeSeconds(clock.instant()))
                .description("Age of the oldest open dispute")
                .register(registry);
        this.opened = Counter.builder("callguard.disputes.opened")
                .description("Disputes opened by support")
                .register(registry);
        this.lifted = resolutions(registry, Resolution.LIFT);
        this.upheld = resolutions(registry, Resolution.UPHOLD);
    }

    void opened() {
        opened.increment();
    }

    void resolved(Resolution resolution) {
        (resolution == Resolution.LIFT ? lifted : upheld).increment();
    }

    private static Counter resolutions(MeterRegistry registry, Resolution r) {
        return Counter.builder("callguard.disputes.resolved")
                .description("Disputes resolved by an analyst")
                .tag("resolution", r.name())
                .register(registry);
    }

    /** The writer of resolutions, serialised across replicas. */
    FencedWriter resolutions() {
        return resolutions;
    }

    /**
     * Waits until this replica's view holds every dispute change committed so far (the topic's read_committed end):
     * called while holding the resolutions' transactional id, it makes the version check see any other replica's
     * resolution.
     */
    void catchUpToEnd() {
        try {
            Admin a = admin();
            int partitions = a.describeTopics(List.of(topicName))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topicName)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topicName, p), OffsetSpec.latest());
            }
            var ends = a.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            for (var e : ends.entrySet()) {
                long end = e.getValue().offset();
                if (end > 0 && !topic.reader().awaitApplied(e.getKey().partition(), end - 1, timeout)) {
                    throw new StateWriteException("the disputes view did not catch up within " + timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateWriteException("interrupted while reading the disputes topic", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StateWriteException("could not read the end of the disputes topic", e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clients.commonConfig());
        }
        return admin;
    }

    public DisputesView view() {
        return view;
    }

    public StateTopicReader reader() {
        return topic.reader();
    }

    @PreDestroy
    synchronized void close() {
        topic.close();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
