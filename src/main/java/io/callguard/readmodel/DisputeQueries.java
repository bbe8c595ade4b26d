package io.callguard.readmodel;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;

/** Disputes for support and the analysts' queue: overdue first, then by due time; filtered by status or number. */
@ApplicationScoped
public class DisputeQueries {

    /** One dispute as listed, with whether it is overdue and how much time is left. */
    public record DisputeRow(
            String disputeId,
            String number,
            String status,
            String statement,
            String contact,
            String callId,
            Matched matchedEntry,
            JsonNode blockingEntry,
            String openedBy,
            Instant openedAt,
            Instant dueAt,
            boolean overdue,
            long secondsLeft,
            String resolvedBy,
            Instant resolvedAt,
            String note,
            long version) {}

    /** Key and source of the list entry behind the block, as decisions carry them. */
    public record Matched(String key, String source) {}

    public record DisputePage(List<DisputeRow> items, String next) {}

    private static final String PAGE = "SELECT dispute_id, number, status, statement, contact, call_id,"
            + " blocking_entry, opened_by, opened_at, due_at, resolved_by, resolved_at, note, version, matched_key,"
            + " matched_source FROM disputes"
            + " WHERE (?::text IS NULL OR status = ?) AND (?::text IS NULL OR number = ?)"
            + " ORDER BY (status = 'OPEN' AND due_at < ?) DESC, (status = 'OPEN') DESC, due_at, dispute_id"
            + " LIMIT ? OFFSET ?";

    @Inject
    ReadModelDatabase database;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    public DisputePage list(String status, String number, int limit, String cursor) {
        int offset = offsetOf(cursor);
        Instant now = clock.instant();
        return database.read(c -> {
            try (PreparedStatement s = c.prepareStatement(PAGE)) {
                s.setString(1, status);
                s.setString(2, status);
                s.setString(3, number);
                s.setString(4, number);
                s.setTimestamp(5, Timestamp.from(now));
                s.setInt(6, limit + 1);
                s.setInt(7, offset);
                List<DisputeRow> items = new ArrayList<>();
                String next = null;
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (items.size() == limit) {
                            next = Paging.encodeCursor(Integer.toString(offset + limit));
                            break;
                        }
                        items.add(row(rs, now));
                    }
                }
                return new DisputePage(List.copyOf(items), next);
            }
        });
    }

    private DisputeRow row(ResultSet rs, Instant now) throws SQLException {
        Instant due = rs.getTimestamp(10).toInstant();
        boolean open = "OPEN".equals(rs.getString(3));
        Timestamp resolved = rs.getTimestamp(12);
        return new DisputeRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(15) == null ? null : new Matched(rs.getString(15), rs.getString(16)),
                json(rs.getString(7)),
                rs.getString(8),
                rs.getTimestamp(9).toInstant(),
                due,
                open && now.isAfter(due),
                open ? (due.toEpochMilli() - now.toEpochMilli()) / 1000 : 0,
                rs.getString(11),
                resolved == null ? null : resolved.toInstant(),
                rs.getString(13),
                rs.getLong(14));
    }

    private static int offsetOf(String cursor) {
        String text = Paging.decodeCursor(cursor);
        if (text == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(text);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "cursor is not one this API returned");
        }
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
