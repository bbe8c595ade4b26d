package io.callguard.blocklist;

import java.time.Clock;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.state.MaterializedTopic;
import io.callguard.state.StateTopicReader;
import io.callguard.state.StateTopicWriter;

/** The blocklist of this replica: its view, the reader that fills it and the writer REST uses. */
@ApplicationScoped
public class BlocklistState {

    private final BlocklistView view;
    private final MaterializedTopic topic;

    @Inject
    public BlocklistState(
            CallguardConfig config, KafkaClientFactory clients, Clock clock, Ticker ticker, MeterRegistry registry) {
        this.view = new BlocklistView(clock, ticker);
        this.topic = new MaterializedTopic(
                config.topics().fraudBlocklist(),
                view,
                "blocklist-writer",
                config.topics().blocklistAudit(),
                config,
                clients,
                registry);
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
    }

    public BlocklistView view() {
        return view;
    }

    public StateTopicReader reader() {
        return topic.reader();
    }

    public StateTopicWriter writer() {
        return topic.writer();
    }

    public void start() {
        topic.start();
    }

    @PreDestroy
    void close() {
        topic.close();
    }
}
