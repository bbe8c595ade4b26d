package io.callguard.screening;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import io.callguard.testing.FakeTime;

import static org.assertj.core.api.Assertions.assertThat;

class VelocityTrackerTest {

    VelocityTracker tracker = new VelocityTracker(Duration.ofSeconds(60), 10, 1000, Ticker.systemTicker());

    @Test
    void record_sameCalleeAgain_countsOnce() {
        assertThat(tracker.record("+8613300000001", 1, 1000)).isEqualTo(1);
        assertThat(tracker.record("+8613300000001", 1, 2000)).isEqualTo(1);
        assertThat(tracker.record("+8613300000001", 2, 3000)).isEqualTo(2);
    }

    @Test
    void record_windowEndsAtSetupTime_olderCalleesDropOut() {
        tracker.record("c", 1, 1_000);
        tracker.record("c", 2, 30_000);
        assertThat(tracker.record("c", 3, 61_000))
                .as("callee 1 at 1 s is outside (1 s, 61 s]")
                .isEqualTo(2);
    }

    @Test
    void record_moreCalleesThanCap_saturatesAtCap() {
        for (int i = 1; i <= 50; i++) {
            tracker.record("c", i, 1000 + i);
        }
        assertThat(tracker.record("c", 51, 2000)).isEqualTo(10);
    }

    @Test
    void peek_doesNotRecord() {
        tracker.record("c", 1, 1000);
        assertThat(tracker.peek("c", 2, 1001)).isEqualTo(2);
        assertThat(tracker.peek("c", 2, 1001)).isEqualTo(2);
        assertThat(tracker.peek("unknown", 2, 1001)).isEqualTo(1);
        assertThat(tracker.cache().getIfPresent("unknown")).isNull();
    }

    @Test
    void calleeId_e164AndShortCodeWithSameDigits_differ() {
        assertThat(VelocityTracker.calleeId("+110")).isNotEqualTo(VelocityTracker.calleeId("110"));
        assertThat(VelocityTracker.calleeId("+8613912345678")).isEqualTo(8613912345678L);
    }

    @Test
    void record_twoMillionDistinctCallers_stayWithinTheConfiguredBound() {
        // A flood of unique spoofed callers must not grow the state past its bound (OpenSIPS ran out of memory here).
        VelocityTracker bounded = new VelocityTracker(Duration.ofSeconds(60), 10, 50_000, Ticker.systemTicker());
        for (int i = 0; i < 2_000_000; i++) {
            bounded.record("+86137" + i, 42, 1_000 + i);
        }
        bounded.cache().cleanUp();
        assertThat(bounded.cache().estimatedSize()).isLessThanOrEqualTo(50_000);
    }

    @Test
    void callerSilentForAWindow_isEvicted_andItsMemoryFreed() {
        FakeTime time = new FakeTime(java.time.Instant.parse("2026-11-29T10:00:00Z"));
        VelocityTracker t = new VelocityTracker(Duration.ofSeconds(60), 10, 1000, time);
        for (int i = 0; i < 100; i++) {
            t.record("+86137" + i, 42, 1_000);
        }
        time.advance(Duration.ofSeconds(30));
        t.record("+861370", 43, 31_000);
        t.cache().cleanUp();
        assertThat(t.cache().estimatedSize()).isEqualTo(100);

        time.advance(Duration.ofSeconds(61));
        t.cache().cleanUp();

        assertThat(t.cache().estimatedSize()).isZero();
    }
}
