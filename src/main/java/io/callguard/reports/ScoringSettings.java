package io.callguard.reports;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.callguard.config.CallguardConfig;

/** How reports add up to a label (README, "Reports, labels and disputes"). */
public record ScoringSettings(
        Duration halfLife,
        double threshold,
        Map<ReportChannel, Double> weights,
        int reporterDailyCap,
        Duration labelMinDuration,
        Duration labelMaxDuration,
        Duration clearedFor) {

    public ScoringSettings {
        if (halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("halfLife must be positive");
        }
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be positive");
        }
        weights = Map.copyOf(new EnumMap<>(weights));
        if (weights.size() != ReportChannel.values().length) {
            throw new IllegalArgumentException("a weight is needed for every channel");
        }
    }

    public static ScoringSettings of(CallguardConfig.Reports c) {
        Map<ReportChannel, Double> w = new EnumMap<>(ReportChannel.class);
        w.put(ReportChannel.IVR, c.weightIvr());
        w.put(ReportChannel.SMS, c.weightSms());
        w.put(ReportChannel.APP, c.weightApp());
        w.put(ReportChannel.SUPPORT, c.weightSupport());
        return new ScoringSettings(
                c.halfLife(),
                c.threshold(),
                w,
                c.reporterDailyCap(),
                c.labelMinDuration(),
                c.labelMaxDuration(),
                c.clearedFor());
    }

    /** The weight of a report of {@code channel} made at {@code at}, seen at {@code now} (both epoch ms). */
    public double weight(ReportChannel channel, long at, long now) {
        double age = Math.max(0, now - at);
        return weights.get(channel) * Math.pow(0.5, age / halfLife.toMillis());
    }

    /**
     * When a label earned with {@code score} at {@code at} ends: when the score, decaying with no new report, falls
     * below the threshold, but never sooner than the minimum or later than the maximum duration.
     */
    public long labelExpiry(double score, long at) {
        double untilBelow = halfLife.toMillis() * (Math.log(score / threshold) / Math.log(2));
        long life = (long) Math.min(labelMaxDuration.toMillis(), Math.max(labelMinDuration.toMillis(), untilBelow));
        return at + life;
    }
}
