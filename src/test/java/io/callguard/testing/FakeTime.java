package io.callguard.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * One fake time for a test: a {@link Ticker} for Caffeine and token buckets and a {@link Clock} for wall-clock
 * decisions, both moved only by {@link #advance}.
 */
public final class FakeTime extends Clock implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final long epochMillisAtStart;

    public FakeTime(Instant start) {
        this.epochMillisAtStart = start.toEpochMilli();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public long read() {
        return nanos.get();
    }

    @Override
    public long millis() {
        return epochMillisAtStart + (nanos.get() - 1_000_000_000L) / 1_000_000L;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
