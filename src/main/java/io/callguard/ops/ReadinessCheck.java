package io.callguard.ops;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.callguard.blocklist.BlocklistState;
import io.callguard.config.CallguardConfig;
import io.callguard.lines.LinesState;
import io.callguard.pipeline.ScreeningPipeline;

/** Ready once every state topic has caught up and every screening consumer has joined its group. */
@Readiness
@ApplicationScoped
@Startup
public class ReadinessCheck implements HealthCheck {

    @Inject
    CallguardConfig config;

    @Inject
    BlocklistState blocklist;

    @Inject
    LinesState lines;

    @Inject
    ScreeningPipeline pipeline;

    @Inject
    StateReaders readers;

    @Inject
    MeterRegistry registry;

    @PostConstruct
    void registerGauge() {
        // Lets alerts see readiness flapping without scraping the health endpoint.
        Gauge.builder("callguard.ready", this, c -> c.isReady() ? 1 : 0)
                .description("1 when this replica is ready to screen (state caught up, consumers assigned)")
                .register(registry);
    }

    boolean isReady() {
        return readers.caughtUp() && screeningReady();
    }

    private boolean screeningReady() {
        return !config.pipeline().enabled() || pipeline.isAssigned();
    }

    @Override
    public HealthCheckResponse call() {
        boolean blocklistReady = blocklist.reader().isCaughtUp();
        boolean linesReady = lines.reader().isCaughtUp();
        boolean screeningReady = screeningReady();
        return HealthCheckResponse.named("callguard")
                .status(readers.caughtUp() && screeningReady)
                .withData("blocklistCaughtUp", blocklistReady)
                .withData("protectedLinesCaughtUp", linesReady)
                .withData("screeningAssigned", screeningReady)
                .withData(
                        "blocklistEntries",
                        blocklist.view().numberCount() + blocklist.view().prefixCount())
                .withData("protectedLines", lines.view().size())
                .build();
    }
}
