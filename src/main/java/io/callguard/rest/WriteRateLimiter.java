package io.callguard.rest;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.callguard.config.CallguardConfig;

/**
 * A token bucket per authenticated subject for REST writes: a runaway script of one analyst cannot flood the state
 * topics, and everyone else keeps working.
 */
@ApplicationScoped
public class WriteRateLimiter {

    private final double perSecond;
    private final double burst;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    @Inject
    public WriteRateLimiter(CallguardConfig config) {
        this.perSecond = config.rest().writesPerSecond();
        this.burst = config.rest().writeBurst();
    }

    /** Takes one write from {@code subject}'s bucket, or refuses with 429 and a Retry-After. */
    public void acquire(String subject) {
        Bucket b = buckets.get(subject, k -> new Bucket(burst));
        double missing;
        synchronized (b) {
            long now = System.nanoTime();
            b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) / 1e9 * perSecond);
            b.lastNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return;
            }
            missing = 1 - b.tokens;
        }
        int retryAfter = (int) Math.max(1, Math.ceil(missing / perSecond));
        throw ProblemException.tooManyRequests(
                "too many writes by " + subject + "; at most " + perSecond + " per second", retryAfter);
    }

    private static final class Bucket {
        double tokens;
        long lastNanos = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }
    }
}
