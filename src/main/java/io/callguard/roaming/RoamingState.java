package io.callguard.roaming;

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

/**
 * The roaming registry of this replica. Fed by the roaming platform, read-only here: the service never writes the
 * topic, it only lets a genuine subscriber abroad through the caller-ID integrity rule.
 */
@ApplicationScoped
public class RoamingState {

    private final RoamingView view;
    private final MaterializedTopic topic;

    @Inject
    public RoamingState(
            CallguardConfig config,
            KafkaClientFactory clients,
            StateTopicWriter writer,
            ObjectMapper mapper,
            MeterRegistry registry) {
        this.view = new RoamingView(StrictJson.lenient(mapper));
        this.topic =
                new MaterializedTopic(config.topics().roamingSubscribers(), view, writer, config, clients, registry);
        Gauge.builder("callguard.roaming.subscribers", view, RoamingView::size)
                .description("Subscribers registered abroad, held in memory")
                .register(registry);
    }

    public RoamingView view() {
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
