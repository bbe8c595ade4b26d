package io.callguard.lines;

import java.util.Map;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.state.StateMetrics;
import io.callguard.state.StateTopicReader;
import io.callguard.state.StateTopicWriter;

/** The protected-line registry of this replica: view, reader and writer. */
@ApplicationScoped
public class LinesState {

    private final ProtectedLinesView view;
    private final StateTopicReader reader;
    private final KafkaProducer<String, byte[]> producer;
    private final StateTopicWriter writer;

    @Inject
    public LinesState(CallguardConfig config, KafkaClientFactory clients, ObjectMapper mapper, MeterRegistry registry) {
        this.view = new ProtectedLinesView(mapper);
        String topic = config.topics().protectedLines();
        String clientId = config.state().clientIdPrefix().orElse("callguard-state") + "-" + clients.instanceId();
        this.reader = new StateTopicReader(
                topic,
                () -> clients.stateConsumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + topic)),
                view,
                config.state().pollTimeout());
        this.producer = clients.durableProducer("callguard-lines-writer");
        this.writer = new StateTopicWriter(producer, reader, config.state().applyTimeout());
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
        reader.close();
        producer.close();
    }
}
