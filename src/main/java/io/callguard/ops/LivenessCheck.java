package io.callguard.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.callguard.pipeline.ScreeningPipeline;

/** Live unless a screening loop has died: then a restart is the cure. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Inject
    ScreeningPipeline pipeline;

    @Override
    public HealthCheckResponse call() {
        boolean dead = pipeline.hasDeadLoop();
        return HealthCheckResponse.named("callguard-screening-loops")
                .status(!dead)
                .build();
    }
}
