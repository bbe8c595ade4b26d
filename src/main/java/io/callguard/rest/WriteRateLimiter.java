package io.callguard.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Ticker;

import io.callguard.config.CallguardConfig;

/**
 * Writes per authenticated subject: a runaway script of one analyst cannot flood the state topics, and everyone else
 * keeps working. A bulk import pays one write per chunk it commits.
 */
@ApplicationScoped
public class WriteRateLimiter {

    private final TokenBuckets buckets;

    @Inject
    public WriteRateLimiter(CallguardConfig config, Ticker ticker) {
        this.buckets =
                new TokenBuckets(config.rest().writesPerSecond(), config.rest().writeBurst(), ticker);
    }

    /** Takes one write from {@code subject}'s bucket, or refuses with 429 and a Retry-After. */
    public void acquire(String subject) {
        int retryAfter = buckets.take(subject);
        if (retryAfter > 0) {
            throw ProblemException.tooManyRequests(
                    "too many writes by " + subject + "; at most " + buckets.perSecond() + " per second", retryAfter);
        }
    }

    /** Writes {@code subject} may make now. */
    public double available(String subject) {
        return buckets.available(subject);
    }
}
