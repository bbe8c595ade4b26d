package io.callguard.blocklist;

import java.time.Clock;
import java.util.Map;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.state.StateMetrics;
import io.callguard.state.StateTopicReader;
import io.callguard.state.StateTopicWriter;

/** The blocklist of this replica: its view, the reader that fills it and the writer REST uses. */
@ApplicationScoped
public class BlocklistState {

    private final BlocklistView view;
    private final StateTopicReader reader;
    private final StateTopicWriter writer;

    @Inject
    public BlocklistState(
            CallguardConfig config,
            KafkaClientFactory clients,
            ObjectMapper mapper,
            Clock clock,
            Ticker ticker,
            MeterRegistry registry) {
        this.view = new BlocklistView(clock, ticker);
        String topic = config.topics().fraudBlocklist();
        String clientId = config.state().clientIdPrefix().orElse("callguard-state") + "-" + clients.instanceId();
        this.reader = new StateTopicReader(
                topic,
                () -> clients.stateConsumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + topic)),
                view,
                config.state().pollTimeout());
        this.writer = new StateTopicWriter(
                () -> clients.stateWriter("blocklist-writer"),
                reader,
                config.topics().blocklistAudit(),
                config.state().applyTimeout());
        CaffeineCacheMetrics.monitor(registry, view.numberCache(), "callguard_blocklist_numbers");
        Gauge.builder("callguard.blocklist.entries", view, BlocklistView::numberCount)
                .tag("kind", "number")
                .description("Blocklist entries held in memory")
                .register(registry);
        Gauge.builder("callguard.blocklist.entries", view, BlocklistView::prefixCount)
                .tag("kind", "prefix")
                .register(registry);
        Gauge.builder("callguard.blocklist.allow.entries", view, BlocklistView::allowCount)
                .description("Allow entries (exceptions that are never blocked), numbers and prefixes")
                .register(registry);
        Gauge.builder("callguard.state.invalid.records", view, BlocklistView::invalidRecords)
                .tag("topic", topic)
                .description("State records skipped as invalid")
                .register(registry);
        StateMetrics.register(registry, reader);
    }

    public BlocklistView view() {
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
