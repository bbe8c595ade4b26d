package io.callguard.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.callguard.pipeline.ScreeningPipeline;
import io.callguard.state.StateTopicReader;

/** Live unless a screening loop or a state reader has died: then a restart is the cure. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Inject
    ScreeningPipeline pipeline;

    @Inject
    StateReaders readers;

    @Override
    public HealthCheckResponse call() {
        boolean deadLoop = pipeline.hasDeadLoop();
        StateTopicReader failed = readers.failed();
        var response = HealthCheckResponse.named("callguard-screening-loops")
                .status(!deadLoop && failed == null)
                .withData("screeningLoopsAlive", !deadLoop);
        if (deadLoop && pipeline.fatalFailure() != null) {
            response.withData("screeningFailure", pipeline.fatalFailure());
        }
        if (failed != null) {
            response.withData("stateReaderFailed", failed.topic())
                    .withData("stateReaderFailure", failed.failure().getClass().getSimpleName());
        }
        return response.build();
    }
}
