package io.callguard.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The console's overview: BLOCK and WARN per minute, the day's top reasons, labels created today. */
@ApplicationScoped
public class OverviewQueries {

    public record PerMinute(Instant minute, String decision, long count) {}

    public record ReasonCount(String reason, long count) {}

    public record Overview(List<PerMinute> lastHour, List<ReasonCount> topReasonsToday, long labelsCreatedToday) {}

    private static final String PER_MINUTE = "SELECT date_trunc('minute', decided_at), decision, count(*)"
            + " FROM decisions WHERE decided_at > ? GROUP BY 1, 2 ORDER BY 1, 2";
    private static final String TOP_REASONS = "SELECT reasons[1], count(*) FROM decisions WHERE decided_at >= ?"
            + " GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10";
    private static final String LABELS =
            "SELECT count(*) FROM audit_records WHERE trail = 'blocklist'" + " AND change = 'LABELLED' AND at >= ?";

    @Inject
    ReadModelDatabase database;

    public Overview overview(Instant now, Instant startOfDay) {
        return database.read(c -> {
            List<PerMinute> minutes = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(PER_MINUTE)) {
                s.setTimestamp(1, Timestamp.from(now.minusSeconds(3600)));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        minutes.add(new PerMinute(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            List<ReasonCount> reasons = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(TOP_REASONS)) {
                s.setTimestamp(1, Timestamp.from(startOfDay));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        reasons.add(new ReasonCount(rs.getString(1), rs.getLong(2)));
                    }
                }
            }
            long labels;
            try (PreparedStatement s = c.prepareStatement(LABELS)) {
                s.setTimestamp(1, Timestamp.from(startOfDay));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    labels = rs.getLong(1);
                }
            }
            return new Overview(List.copyOf(minutes), List.copyOf(reasons), labels);
        });
    }
}
