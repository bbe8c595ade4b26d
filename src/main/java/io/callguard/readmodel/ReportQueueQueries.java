package io.callguard.readmodel;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.callguard.config.CallguardConfig;

/**
 * The analysts' queue of reported numbers, highest score first. The score is the labeller's (README, "Reports"):
 * each reporter once with their latest report, weighted by channel and halved every half-life, judged now.
 */
@ApplicationScoped
public class ReportQueueQueries {

    /** One reported number: its score, distinct reporters, and their reports by channel and by category. */
    public record ReportedNumber(
            String number,
            double score,
            int reporters,
            Map<String, Integer> byChannel,
            Map<String, Integer> byCategory,
            Instant lastReportedAt) {}

    private static final String LATEST = "WITH latest AS (SELECT DISTINCT ON (reported_number, reporter_number)"
            + " reported_number, reporter_number, channel, category, reported_at FROM reports"
            + " WHERE reported_at > ? AND reported_at <= ? AND (?::text IS NULL OR reported_number = ?)"
            + " ORDER BY reported_number, reporter_number, reported_at DESC) ";
    private static final String QUEUE = LATEST
            + "SELECT reported_number, sum((CASE channel WHEN 'IVR' THEN ? WHEN 'SMS' THEN ? WHEN 'APP' THEN ?"
            + " ELSE ? END) * power(0.5, extract(epoch FROM (?::timestamptz - reported_at)) / ?)) AS score,"
            + " count(*), max(reported_at) FROM latest GROUP BY reported_number"
            + " ORDER BY score DESC, reported_number LIMIT ?";
    private static final String COUNTS = LATEST
            + "SELECT reported_number, 'channel', channel, count(*) FROM latest WHERE reported_number = ANY(?)"
            + " GROUP BY 1, 3 UNION ALL SELECT reported_number, 'category', category, count(*) FROM latest"
            + " WHERE reported_number = ANY(?) GROUP BY 1, 3";

    @Inject
    ReadModelDatabase database;

    @Inject
    CallguardConfig config;

    @Inject
    Clock clock;

    public List<ReportedNumber> queue(int limit) {
        return queue(limit, null);
    }

    /** The reports about one number, or {@code null} if nobody reported it within the horizon. */
    public ReportedNumber number(String number) {
        List<ReportedNumber> found = queue(1, number);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<ReportedNumber> queue(int limit, String only) {
        CallguardConfig.Reports r = config.reports();
        Instant now = clock.instant();
        Timestamp from = Timestamp.from(now.minus(r.horizon()));
        Timestamp to = Timestamp.from(now);
        return database.read(c -> {
            List<String> numbers = new ArrayList<>();
            Map<String, double[]> scores = new LinkedHashMap<>();
            Map<String, Instant> last = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(QUEUE)) {
                s.setTimestamp(1, from);
                s.setTimestamp(2, to);
                s.setString(3, only);
                s.setString(4, only);
                s.setDouble(5, r.weightIvr());
                s.setDouble(6, r.weightSms());
                s.setDouble(7, r.weightApp());
                s.setDouble(8, r.weightSupport());
                s.setTimestamp(9, to);
                s.setDouble(10, r.halfLife().toMillis() / 1000.0);
                s.setInt(11, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        numbers.add(rs.getString(1));
                        scores.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getInt(3)});
                        last.put(rs.getString(1), rs.getTimestamp(4).toInstant());
                    }
                }
            }
            Map<String, Map<String, Integer>> channels = new LinkedHashMap<>();
            Map<String, Map<String, Integer>> categories = new LinkedHashMap<>();
            if (!numbers.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement(COUNTS)) {
                    Array array = c.createArrayOf("text", numbers.toArray());
                    s.setTimestamp(1, from);
                    s.setTimestamp(2, to);
                    s.setString(3, only);
                    s.setString(4, only);
                    s.setArray(5, array);
                    s.setArray(6, array);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            var target = "channel".equals(rs.getString(2)) ? channels : categories;
                            target.computeIfAbsent(rs.getString(1), n -> new LinkedHashMap<>())
                                    .put(rs.getString(3), rs.getInt(4));
                        }
                    }
                }
            }
            List<ReportedNumber> items = new ArrayList<>(numbers.size());
            for (String n : numbers) {
                double[] s = scores.get(n);
                items.add(new ReportedNumber(
                        n,
                        Math.round(s[0] * 1000) / 1000.0,
                        (int) s[1],
                        channels.getOrDefault(n, Map.of()),
                        categories.getOrDefault(n, Map.of()),
                        last.get(n)));
            }
            return List.copyOf(items);
        });
    }
}
