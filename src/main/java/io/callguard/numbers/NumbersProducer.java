package io.callguard.numbers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import io.callguard.config.CallguardConfig;

@ApplicationScoped
public class NumbersProducer {

    @Produces
    @Singleton
    public NumberNormalizer normalizer(CallguardConfig config, MeterRegistry registry) {
        NumberNormalizer normalizer = new NumberNormalizer(
                config.numbers().defaultRegion(), config.numbers().parseCacheSize());
        CaffeineCacheMetrics.monitor(registry, normalizer.slowPathCache(), "callguard_number_parse");
        return normalizer;
    }
}
