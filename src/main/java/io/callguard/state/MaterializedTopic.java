package io.callguard.state;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;

/** One compacted state topic of this replica: the reader that fills its view, and its metrics. */
public final class MaterializedTopic {

    private final StateTopicReader reader;

    public MaterializedTopic(
            String topic,
            StateSink sink,
            StateTopicWriter writer,
            CallguardConfig config,
            KafkaClientFactory clients,
            MeterRegistry registry) {
        String clientId = config.state().clientIdPrefix().orElse("callguard-state") + "-" + clients.instanceId();
        this.reader = new StateTopicReader(
                topic,
                () -> clients.stateConsumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + topic)),
                sink,
                config.state().pollTimeout());
        CallguardConfig.Snapshot snapshot = config.state().snapshot();
        if (sink instanceof Snapshottable view && snapshot.dir().isPresent()) {
            reader.snapshotTo(new StateSnapshots(
                    topic,
                    Path.of(snapshot.dir().get()),
                    view,
                    snapshot.interval(),
                    snapshot.maxAge(),
                    () -> StateSnapshots.TopicFacts.lookup(clients.commonConfig(), topic),
                    Clock.systemUTC(),
                    registry));
        }
        writer.follow(reader);
        Gauge.builder("callguard.state.invalid.records", sink, StateSink::invalidRecords)
                .tag("topic", topic)
                .description("State records skipped as invalid")
                .register(registry);
        StateMetrics.register(registry, reader);
    }

    public StateTopicReader reader() {
        return reader;
    }

    public void close() {
        reader.close();
    }
}
