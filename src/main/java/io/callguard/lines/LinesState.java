package io.callguard.lines;

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

/** The protected-line registry of this replica: view, reader and the shared writer. */
@ApplicationScoped
public class LinesState {

    private final ProtectedLinesView view;
    private final MaterializedTopic topic;
    private final StateTopicWriter writer;

    @Inject
    public LinesState(
            CallguardConfig config,
            KafkaClientFactory clients,
            StateTopicWriter writer,
            ObjectMapper mapper,
            MeterRegistry registry) {
        this.writer = writer;
        this.view = new ProtectedLinesView(StrictJson.lenient(mapper));
        this.topic = new MaterializedTopic(config.topics().protectedLines(), view, writer, config, clients, registry);
        Gauge.builder("callguard.protected.lines", view, ProtectedLinesView::size)
                .description("Protected senior lines held in memory")
                .register(registry);
    }

    public ProtectedLinesView view() {
        return view;
    }

    public StateTopicReader reader() {
        return topic.reader();
    }

    public StateTopicWriter writer() {
        return writer;
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
