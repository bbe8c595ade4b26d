package io.callguard.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Ticker;

import io.callguard.config.CallguardConfig;

/**
 * Reads per authenticated subject: a few support agents refreshing a page (or one scraping numbers) cannot load the
 * brokers or harvest the registry.
 */
@ApplicationScoped
public class ReadRateLimiter {

    private final TokenBuckets buckets;

    @Inject
    public ReadRateLimiter(CallguardConfig config, Ticker ticker) {
        this.buckets =
                new TokenBuckets(config.rest().readsPerSecond(), config.rest().readBurst(), ticker);
    }

    public void acquire(String subject) {
        int retryAfter = buckets.take(subject);
        if (retryAfter > 0) {
            throw ProblemException.tooManyRequests(
                    "too many reads by " + subject + "; at most " + buckets.perSecond() + " per second", retryAfter);
        }
    }
}
