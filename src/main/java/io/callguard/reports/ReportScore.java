package io.callguard.reports;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import io.callguard.blocklist.FraudCategory;

/**
 * The reports about one number that count: each reporter once, with their latest report. Owned by one labeller
 * thread, so not thread-safe.
 */
final class ReportScore {

    private record Mark(String reportId, ReportChannel channel, FraudCategory category, long at) {}

    private final Map<String, Mark> byReporter = new HashMap<>(4);
    private long latestAt;
    /** Expiry of the label this labeller wrote (or, replaying, would have written); 0 when none. */
    long labelledUntil;

    /** Whether this is a report already counted (the same reportId from the same reporter). */
    boolean isRepeat(FraudReport r) {
        Mark m = byReporter.get(r.reporterNumber());
        return m != null && m.reportId().equals(r.reportId());
    }

    /** Counts the report; a reporter's newer report replaces their older one. */
    void add(FraudReport r) {
        long at = r.reportedAt().toEpochMilli();
        Mark m = byReporter.get(r.reporterNumber());
        if (m == null || m.at() <= at) {
            byReporter.put(r.reporterNumber(), new Mark(r.reportId(), r.channel(), r.category(), at));
        }
        latestAt = Math.max(latestAt, at);
    }

    /** The time of the newest report: the number's score is judged then (event time). */
    long latestAt() {
        return latestAt;
    }

    /** Sum of the decayed weights at {@code now} of the reporters who reported at or after {@code since}. */
    double scoreAt(long now, long since, ScoringSettings settings) {
        double sum = 0;
        for (Mark m : byReporter.values()) {
            if (m.at() >= since && m.at() <= now) {
                sum += settings.weight(m.channel(), m.at(), now);
            }
        }
        return sum;
    }

    /** Distinct reporters since {@code since}. */
    int reporters(long since) {
        int n = 0;
        for (Mark m : byReporter.values()) {
            if (m.at() >= since) {
                n++;
            }
        }
        return n;
    }

    /** The category most reporters gave since {@code since} (OTHER only if nobody said more). */
    FraudCategory topCategory(long since) {
        Map<FraudCategory, Integer> counts = new EnumMap<>(FraudCategory.class);
        for (Mark m : byReporter.values()) {
            if (m.at() >= since && m.category() != FraudCategory.OTHER) {
                counts.merge(m.category(), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(FraudCategory.OTHER);
    }
}
