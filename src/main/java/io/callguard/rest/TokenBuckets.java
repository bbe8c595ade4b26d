package io.callguard.rest;

import java.time.Duration;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/** A token bucket per subject, on an injected clock: {@code perSecond} sustained, {@code burst} at once. */
public final class TokenBuckets {

    private final double perSecond;
    private final double burst;
    private final Ticker ticker;
    private final Cache<String, Bucket> buckets;

    public TokenBuckets(double perSecond, double burst, Ticker ticker) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException(
                    "rate must be positive and burst at least 1, got " + perSecond + "/" + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.buckets = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(Duration.ofHours(1))
                .ticker(ticker)
                .build();
    }

    /** Takes one token of {@code subject}: 0 when taken, else the whole seconds until one is available. */
    public int take(String subject) {
        Bucket b = buckets.get(subject, k -> new Bucket(burst, ticker.read()));
        synchronized (b) {
            refill(b);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (int) Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    /** Tokens {@code subject} has now (the burst for a subject never seen). */
    public double available(String subject) {
        Bucket b = buckets.getIfPresent(subject);
        if (b == null) {
            return burst;
        }
        synchronized (b) {
            refill(b);
            return b.tokens;
        }
    }

    public double perSecond() {
        return perSecond;
    }

    private void refill(Bucket b) {
        long now = ticker.read();
        b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) / 1e9 * perSecond);
        b.lastNanos = now;
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }
    }
}
