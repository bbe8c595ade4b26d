package io.callguard.reports;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/** Reports accepted and turned away, labels created, refreshed, refused and expired; exported from the start. */
@Startup
@ApplicationScoped
public class ReportMetrics {

    private final MeterRegistry registry;
    private final Map<ReportChannel, Counter> accepted = new EnumMap<>(ReportChannel.class);
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<LabelExclusions.Refusal, Counter> refused = new EnumMap<>(LabelExclusions.Refusal.class);
    private final Counter floods;
    private final Counter created;
    private final Counter refreshed;
    private final Counter expired;

    @Inject
    public ReportMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ReportChannel c : ReportChannel.values()) {
            accepted.put(
                    c,
                    Counter.builder("callguard.reports.accepted")
                            .description("Fraud reports counted towards a number's score")
                            .tag("channel", c.name())
                            .register(registry));
        }
        for (String why : new String[] {"invalid", "duplicate", "too_old"}) {
            rejectedCounter(why);
        }
        for (LabelExclusions.Refusal r : LabelExclusions.Refusal.values()) {
            refused.put(
                    r,
                    Counter.builder("callguard.labels.refused")
                            .description("Reported numbers over the threshold that must never be labelled")
                            .tag("why", r.tag())
                            .register(registry));
        }
        floods = Counter.builder("callguard.reports.flood.ignored")
                .description("Reports ignored because their reporter was over the daily cap (reporter flood)")
                .register(registry);
        created = Counter.builder("callguard.labels.created")
                .description("Community labels written for numbers newly over the threshold")
                .register(registry);
        refreshed = Counter.builder("callguard.labels.refreshed")
                .description("Community labels extended by further reports")
                .register(registry);
        expired = Counter.builder("callguard.labels.expired")
                .description("Community labels removed after their expiry")
                .register(registry);
    }

    void accepted(ReportChannel channel) {
        accepted.get(channel).increment();
    }

    /** {@code why}: invalid, duplicate or too_old. */
    void rejected(String why) {
        rejectedCounter(why).increment();
    }

    private Counter rejectedCounter(String why) {
        return rejected.computeIfAbsent(
                why,
                w -> Counter.builder("callguard.reports.rejected")
                        .description("Fraud reports not counted: invalid (400 or DLQ), a repeated reportId, too old")
                        .tag("why", w)
                        .register(registry));
    }

    void flood() {
        floods.increment();
    }

    void refused(LabelExclusions.Refusal why) {
        refused.get(why).increment();
    }

    void created() {
        created.increment();
    }

    void refreshed() {
        refreshed.increment();
    }

    void expired() {
        expired.increment();
    }
}
