package io.callguard.blocklist;

import java.time.Clock;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import io.callguard.config.CallguardConfig;
import io.callguard.config.KafkaClientFactory;
import io.callguard.rest.StrictJson;
import io.callguard.state.MaterializedTopic;
import io.callguard.state.StateTopicReader;
import io.callguard.state.StateTopicWriter;

/** The blocklist of this replica: its view, the pending changes, the readers that fill them and the shared writer. */
@ApplicationScoped
public class BlocklistState {

    private final BlocklistView view;
    private final PendingChangesView pending;
    private final MaterializedTopic topic;
    private final MaterializedTopic approvalsTopic;
    private final StateTopicWriter writer;

    @Inject
    public BlocklistState(
            CallguardConfig config,
            KafkaClientFactory clients,
            StateTopicWriter writer,
            ObjectMapper mapper,
            Clock clock,
            Ticker ticker,
            MeterRegistry registry) {
        this.writer = writer;
        this.view = new BlocklistView(clock, ticker);
        this.pending = new PendingChangesView(StrictJson.lenient(mapper));
        this.topic = new MaterializedTopic(config.topics().fraudBlocklist(), view, writer, config, clients, registry);
        this.approvalsTopic =
                new MaterializedTopic(config.topics().blocklistApprovals(), pending, writer, config, clients, registry);
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
        Gauge.builder(
                        "callguard.blocklist.pending.approvals",
                        pending,
                        p -> p.all().size())
                .description("Changes waiting for a second fraud analyst")
                .register(registry);
    }

    public BlocklistView view() {
        return view;
    }

    public PendingChangesView pending() {
        return pending;
    }

    public StateTopicReader reader() {
        return topic.reader();
    }

    public StateTopicReader approvalsReader() {
        return approvalsTopic.reader();
    }

    public StateTopicWriter writer() {
        return writer;
    }

    @PreDestroy
    void close() {
        approvalsTopic.close();
        topic.close();
    }
}
