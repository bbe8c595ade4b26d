package io.callguard.disputes;

import java.time.Clock;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
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
