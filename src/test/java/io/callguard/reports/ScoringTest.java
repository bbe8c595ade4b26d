package io.callguard.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.callguard.blocklist.FraudCategory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The arithmetic of scores, label lives and the flood cap (pure). */
class ScoringTest {

    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final long DAY = Duration.ofDays(1).toMillis();

    final ScoringSettings settings = new ScoringSettings(
            Duration.ofDays(7),
            2.5,
            Map.of(ReportChannel.IVR, 1.0, ReportChannel.SMS, 1.0, ReportChannel.APP, 1.0, ReportChannel.SUPPORT, 2.0),
            20,
            Duration.ofHours(24),
            Duration.ofDays(30),
            Duration.ofDays(90));

    static FraudReport report(String id, String reporter, ReportChannel channel, Instant at) {
        return new FraudReport(id, "+8617012345678", reporter, channel, FraudCategory.LOAN, null, at);
    }

    @Test
    void aReportHalvesEveryHalfLife_andSupportCountsDouble() {
        assertThat(settings.weight(ReportChannel.IVR, 0, 0)).isEqualTo(1.0);
        assertThat(settings.weight(ReportChannel.IVR, 0, 7 * DAY)).isCloseTo(0.5, within(1e-9));
        assertThat(settings.weight(ReportChannel.SMS, 0, 14 * DAY)).isCloseTo(0.25, within(1e-9));
        assertThat(settings.weight(ReportChannel.SUPPORT, 0, 7 * DAY)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void eachReporterCountsOnce_withTheirLatestReport() {
        ReportScore score = new ReportScore();
        score.add(report("a1", "+8613800000001", ReportChannel.IVR, T0));
        score.add(report("a2", "+8613800000001", ReportChannel.IVR, T0.plus(Duration.ofDays(7))));
        score.add(report("b1", "+8613800000002", ReportChannel.SMS, T0));
        long now = T0.plus(Duration.ofDays(7)).toEpochMilli();
        // a: reported again today (1.0); b: a week ago (0.5).
        assertThat(score.scoreAt(now, 0, settings)).isCloseTo(1.5, within(1e-9));
        assertThat(score.reporters(0)).isEqualTo(2);
        assertThat(score.isRepeat(report("a2", "+8613800000001", ReportChannel.IVR, T0)))
                .isTrue();
        assertThat(score.isRepeat(report("a1", "+8613800000001", ReportChannel.IVR, T0)))
                .isFalse();
        assertThat(score.topCategory(0)).isEqualTo(FraudCategory.LOAN);
    }

    @Test
    void reportsBeforeAClearance_neverCountAgain() {
        ReportScore score = new ReportScore();
        score.add(report("a", "+8613800000001", ReportChannel.IVR, T0));
        score.add(report("b", "+8613800000002", ReportChannel.IVR, T0.plus(Duration.ofHours(2))));
        long now = T0.plus(Duration.ofHours(2)).toEpochMilli();
        assertThat(score.scoreAt(now, T0.plus(Duration.ofHours(1)).toEpochMilli(), settings))
                .isCloseTo(1.0, within(1e-9));
        assertThat(score.reporters(T0.plus(Duration.ofHours(1)).toEpochMilli())).isEqualTo(1);
    }

    @Test
    void aLabelLivesUntilTheScoreDecaysBelowTheThreshold_withinItsBounds() {
        long at = T0.toEpochMilli();
        // Just over the threshold: the minimum of a day.
        assertThat(settings.labelExpiry(2.5, at)).isEqualTo(at + DAY);
        // Twice the threshold: one half-life.
        assertThat(settings.labelExpiry(5.0, at)).isEqualTo(at + 7 * DAY);
        // A thousand reporters: capped at 30 days.
        assertThat(settings.labelExpiry(1000, at)).isEqualTo(at + 30 * DAY);
    }

    @Test
    void floodGuard_admitsTheCapPerDay_thenRefuses_andStartsAgainNextDay() {
        FloodGuard guard = new FloodGuard(3);
        long day = T0.toEpochMilli();
        assertThat(guard.admit("+8613800000001", day)).isTrue();
        assertThat(guard.admit("+8613800000001", day + 1)).isTrue();
        assertThat(guard.admit("+8613800000001", day + 2)).isTrue();
        assertThat(guard.admit("+8613800000001", day + 3)).isFalse();
        assertThat(guard.admit("+8613800000002", day + 3)).isTrue();
        assertThat(guard.admit("+8613800000001", day + DAY)).isTrue();
    }
}
