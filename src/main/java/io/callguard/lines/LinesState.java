package io.callguard.lines;

import java.util.Map;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.rest.StrictJson;
import io.callguard.state.StateMetrics;
import io.callguard.state.StateTopicReader;
import io.callguard.state.StateTopicWriter;

/** The protected-line registry of this replica: view, reader and writer. */
@ApplicationScoped
public class LinesState {

    private final ProtectedLinesView view;
    private final StateTopicReader reader;
    private final StateTopicWriter writer;

    @Inject
    public LinesState(CallguardConfig config, KafkaClientFactory clients, ObjectMapper mapper, MeterRegistry registry) {
        this.view = new ProtectedLinesView(StrictJson.lenient(mapper));
        String topic = config.topics().protectedLines();
        String clientId = config.state().clientIdPrefix().orElse("callguard-state") + "-" + clients.instanceId();
        this.reader = new StateTopicReader(
                topic,
                () -> clients.stateConsumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + topic)),
                view,
                config.state().pollTimeout());
        this.writer = new StateTopicWriter(
                () -> clients.stateWriter("lines-writer"),
                reader,
                null,
                config.state().applyTimeout());
        Gauge.builder("callguard.protected.lines", view, ProtectedLinesView::size)
                .description("Protected senior lines held in memory")
                .register(registry);
        Gauge.builder("callguard.state.invalid.records", view, ProtectedLinesView::invalidRecords)
                .tag("topic", topic)
                .description("State records skipped as invalid")
                .register(registry);
        StateMetrics.register(registry, reader);
    }

    public ProtectedLinesView view() {
        return view;
    }

    public StateTopicReader reader() {
        return reader;
    }

    public StateTopicWriter writer() {
        return writer;
    }

    public void start() {
        reader.start();
    }

    @PreDestroy
    void close() {
        writer.close();
        reader.close();
    }
}
