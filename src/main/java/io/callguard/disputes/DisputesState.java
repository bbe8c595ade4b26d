package io.callguard.disputes;

import java.time.Clock;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.rest.StrictJson;
import io.callguard.state.MaterializedTopic;
import io.callguard.state.StateTopicReader;
import io.callguard.state.StateTopicWriter;

/** The disputes of this replica: the view, its reader, and the gauges the overdue alert watches. */
@ApplicationScoped
public class DisputesState {

    private final DisputesView view;
    private final MaterializedTopic topic;
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

    /** Counts a dispute opened ({@code null}) or resolved. */
    void counted(Resolution resolution) {
        (resolution == null ? opened : resolution == Resolution.LIFT ? lifted : upheld).increment();
    }

    private static Counter resolutions(MeterRegistry registry, Resolution r) {
        return Counter.builder("callguard.disputes.resolved")
                .description("Disputes resolved by an analyst")
                .tag("resolution", r.name())
                .register(registry);
    }

    public DisputesView view() {
        return view;
    }

    public StateTopicReader reader() {
        return topic.reader();
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
