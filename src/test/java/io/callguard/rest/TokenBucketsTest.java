package io.callguard.rest;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.callguard.testing.FakeTime;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {

    final FakeTime time = new FakeTime(Instant.parse("2026-11-29T10:00:00Z"));
    final TokenBuckets buckets = new TokenBuckets(2, 3, time);

    @Test
    void take_burstThenRefusedWithRetryAfter_thenRefilledByTime() {
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).as("seconds until a token").isEqualTo(1);
        assertThat(buckets.take("b")).as("another subject").isZero();

        time.advance(Duration.ofMillis(500));

        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(1);
    }

    @Test
    void available_neverExceedsTheBurst() {
        buckets.take("a");
        time.advance(Duration.ofHours(1));
        assertThat(buckets.available("a")).isEqualTo(3.0);
    }
}
