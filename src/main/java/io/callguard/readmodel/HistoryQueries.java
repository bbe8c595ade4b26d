package io.callguard.readmodel;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The change history of one list key or one protected line, newest first, from the audit table. */
@ApplicationScoped
public class HistoryQueries {

    /** Largest page of the read model's queries. */
    public static final int MAX_PAGE = 1000;

    /** The audit trail of the block, allow and DNO lists. */
    public static final String LISTS = "blocklist";
    /** The audit trail of the protected-line registry. */
    public static final String LINES = "protected-lines";

    private static final String PAGE = "SELECT key, change, actor, at, why, before, after, src_partition, src_offset"
            + " FROM audit_records WHERE trail = ? AND key = ?"
            + " AND (?::timestamptz IS NULL OR (at, src_partition, src_offset) < (?::timestamptz, ?, ?))"
            + " ORDER BY at DESC, src_partition DESC, src_offset DESC LIMIT ?";

    @Inject
    ReadModelDatabase database;

    @Inject
    ObjectMapper mapper;

    public HistoryPage history(String trail, String key, int limit, String cursor) {
        Cursor after = Cursor.decode(cursor);
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(PAGE)) {
                s.setString(1, trail);
                s.setString(2, key);
                Timestamp at = after == null ? null : Timestamp.from(after.at());
                s.setTimestamp(3, at);
                s.setTimestamp(4, at);
                s.setInt(5, after == null ? 0 : after.partition());
                s.setLong(6, after == null ? 0 : after.offset());
                s.setInt(7, limit + 1);
                List<HistoryEntry> items = new ArrayList<>();
                Cursor last = null;
                String next = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (items.size() == limit) {
                            next = last.encode();
                            break;
                        }
                        items.add(new HistoryEntry(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getString(5),
                                json(rs.getString(6)),
                                json(rs.getString(7))));
                        last = new Cursor(rs.getTimestamp(4).toInstant(), rs.getInt(8), rs.getLong(9));
                    }
                }
                return new HistoryPage(List.copyOf(items), next);
            }
        });
    }

    private JsonNode json(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new SQLException("unreadable jsonb", e);
        }
    }
}
