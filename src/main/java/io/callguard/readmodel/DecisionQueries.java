package io.callguard.readmodel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.callguard.screening.MatchedEntry;

/** BLOCK and WARN decisions by caller, by called line and by time, newest first, with their notifications. */
@ApplicationScoped
public class DecisionQueries {

    private static final String COLUMNS = "d.call_id, d.decision, d.reasons, d.calling_number, d.presented_number,"
            + " d.called_number, d.protected_line, d.matched_key, d.matched_source, d.setup_time, d.decided_at,"
            + " d.stale, d.src_partition, d.src_offset";

    @Inject
    ReadModelDatabase database;

    /** What a page asks for; {@code null} fields are not filtered on. */
    public record Filter(String caller, String called, Instant from, Instant to, String decision) {}

    public DecisionPage decisions(Filter f, int limit, String cursor, boolean withNotifications) {
        Cursor after = Cursor.decode(cursor);
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS);
        if (withNotifications) {
            sql.append(", EXISTS (SELECT 1 FROM notifications n WHERE n.call_id = d.call_id) AS notified");
        }
        sql.append(" FROM decisions d WHERE d.decided_at >= ? AND d.decided_at < ?");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(f.from()), Timestamp.from(f.to())));
        if (f.caller() != null) {
            sql.append(" AND (d.calling_number = ? OR d.presented_number = ?)");
            args.add(f.caller());
            args.add(f.caller());
        }
        if (f.called() != null) {
            sql.append(" AND d.called_number = ?");
            args.add(f.called());
        }
        if (f.decision() != null) {
            sql.append(" AND d.decision = ?");
            args.add(f.decision());
        }
        if (after != null) {
            sql.append(" AND (d.decided_at, d.src_partition, d.src_offset) < (?, ?, ?)");
            args.add(Timestamp.from(after.at()));
            args.add(after.partition());
            args.add(after.offset());
        }
        sql.append(" ORDER BY d.decided_at DESC, d.src_partition DESC, d.src_offset DESC LIMIT ?");
        args.add(limit + 1);
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    s.setObject(i + 1, args.get(i));
                }
                List<DecisionRow> items = new ArrayList<>();
                Cursor last = null;
                String next = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (items.size() == limit) {
                            next = last.encode();
                            break;
                        }
                        items.add(row(rs, withNotifications));
                        last = new Cursor(rs.getTimestamp(11).toInstant(), rs.getInt(13), rs.getLong(14));
                    }
                }
                return new DecisionPage(List.copyOf(items), next);
            }
        });
    }

    private static DecisionRow row(ResultSet rs, boolean withNotifications) throws SQLException {
        String matchedKey = rs.getString(8);
        Timestamp setup = rs.getTimestamp(10);
        return new DecisionRow(
                rs.getString(1),
                rs.getString(2),
                Arrays.asList((String[]) rs.getArray(3).getArray()),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getBoolean(7),
                matchedKey == null ? null : new MatchedEntry(matchedKey, rs.getString(9)),
                setup == null ? null : setup.toInstant(),
                rs.getTimestamp(11).toInstant(),
                rs.getBoolean(12),
                withNotifications ? rs.getBoolean(15) : null);
    }
}
