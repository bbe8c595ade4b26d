package io.callguard.readmodel;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.callguard.blocklist.BlocklistEntry;

/**
 * Turns the records of the projected topics into rows and writes a batch of them with multi-row inserts (the driver
 * rewrites JDBC batches into {@code INSERT … VALUES (…),(…)}). A row repeats nothing: its primary key is the source
 * record's partition and offset, and a record already there is skipped.
 */
final class ProjectedTables {

    /** Which table a topic feeds. */
    enum Kind {
        BLOCKLIST_AUDIT,
        LINES_AUDIT,
        DECISIONS,
        NOTIFICATIONS,
        REPORTS,
        DISPUTES
    }

    private static final String AUDIT = "INSERT INTO audit_records (trail, src_partition, src_offset, key, change,"
            + " actor, at, why, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb) ON CONFLICT DO NOTHING";
    private static final String DECISION = "INSERT INTO decisions (call_id, decision, reasons, calling_number,"
            + " presented_number, called_number, protected_line, matched_key, matched_source, setup_time, decided_at,"
            + " stale, src_partition, src_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String NOTIFICATION = "INSERT INTO notifications (notification_id, call_id, protected_line,"
            + " recipients, calling_number, decision, reason, occurred_at, suppressed_repeats, src_partition,"
            + " src_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private static final String REPORT = "INSERT INTO reports (report_id, reported_number, reporter_number, channel,"
            + " category, call_id, reported_at, src_partition, src_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String DISPUTE = "INSERT INTO disputes (dispute_id, number, status, statement, contact,"
            + " call_id, matched_key, matched_source, blocking_entry, opened_by, opened_at, due_at, resolved_by,"
            + " resolved_at, note, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dispute_id) DO UPDATE SET"
            + " status = EXCLUDED.status, resolved_by = EXCLUDED.resolved_by, resolved_at = EXCLUDED.resolved_at,"
            + " note = EXCLUDED.note, version = EXCLUDED.version, due_at = EXCLUDED.due_at"
            + " WHERE disputes.version < EXCLUDED.version";
    private static final java.util.Set<String> CHANNELS = java.util.Set.of("IVR", "SMS", "APP", "SUPPORT");

    private final ObjectMapper mapper;

    ProjectedTables(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The rows written per table by one batch. */
    record Written(int audit, int decisions, int notifications, int reports, int disputes, int skipped) {}

    /** Adds every record of the batch to its table's insert; records that cannot be read are skipped and counted. */
    Written write(Connection c, List<ConsumerRecord<String, byte[]>> batch, Kind[] kinds) throws SQLException {
        int audit = 0;
        int decisions = 0;
        int notifications = 0;
        int reports = 0;
        int skipped = 0;
        // A batch may hold several versions of one dispute; one upsert may touch a row once: the newest wins here.
        java.util.Map<String, JsonNode> disputes = new java.util.LinkedHashMap<>();
        try (PreparedStatement a = c.prepareStatement(AUDIT);
                PreparedStatement d = c.prepareStatement(DECISION);
                PreparedStatement n = c.prepareStatement(NOTIFICATION);
                PreparedStatement rp = c.prepareStatement(REPORT);
                PreparedStatement ds = c.prepareStatement(DISPUTE)) {
            for (int i = 0; i < batch.size(); i++) {
                ConsumerRecord<String, byte[]> r = batch.get(i);
                if (r.value() == null || (kinds[i] == Kind.DECISIONS && isAllow(r.value()))) {
                    continue;
                }
                JsonNode json;
                try {
                    json = mapper.readTree(r.value());
                } catch (IOException e) {
                    skipped++;
                    continue;
                }
                switch (kinds[i]) {
                    case BLOCKLIST_AUDIT -> audit += audit(a, "blocklist", r, json, "key");
                    case LINES_AUDIT -> audit += audit(a, "protected-lines", r, json, "line");
                    case DECISIONS -> decisions += decision(c, d, r, json);
                    case NOTIFICATIONS -> notifications += notification(c, n, r, json);
                    case REPORTS -> {
                        int added = report(rp, r, json);
                        reports += added;
                        skipped += 1 - added;
                    }
                    case DISPUTES ->
                        disputes.merge(
                                r.key() == null ? "" : r.key(),
                                json,
                                (old, neu) -> neu.path("version").asLong()
                                                >= old.path("version").asLong()
                                        ? neu
                                        : old);
                }
            }
            for (JsonNode dispute : disputes.values()) {
                dispute(ds, dispute);
            }
            a.executeBatch();
            d.executeBatch();
            n.executeBatch();
            rp.executeBatch();
            ds.executeBatch();
        }
        return new Written(audit, decisions, notifications, reports, disputes.size(), skipped);
    }

    private static final byte[] ALLOW = "\"decision\":\"ALLOW\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * ALLOW is four fifths of the decisions and is not kept: spotted in the bytes as the service writes it, so the
     * projector does not parse what it throws away. Anything else is parsed and judged by {@link #decision}.
     */
    static boolean isAllow(byte[] value) {
        outer:
        for (int i = 0, last = value.length - ALLOW.length; i <= last; i++) {
            for (int k = 0; k < ALLOW.length; k++) {
                if (value[i + k] != ALLOW[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static int audit(
            PreparedStatement s, String trail, ConsumerRecord<String, byte[]> r, JsonNode j, String keyField)
            throws SQLException {
        String key = text(j, keyField);
        Instant at = instant(j, "at");
        if (key == null || at == null) {
            return 0;
        }
        s.setString(1, trail);
        s.setInt(2, r.partition());
        s.setLong(3, r.offset());
        s.setString(4, key);
        s.setString(5, text(j, "change"));
        s.setString(6, text(j, "actor"));
        s.setTimestamp(7, Timestamp.from(at));
        s.setString(8, text(j, "why"));
        s.setString(9, jsonOrNull(j.get("before")));
        s.setString(10, jsonOrNull(j.get("after")));
        s.addBatch();
        return 1;
    }

    private static int decision(Connection c, PreparedStatement s, ConsumerRecord<String, byte[]> r, JsonNode j)
            throws SQLException {
        String decision = text(j, "decision");
        // ALLOW is the bulk of the traffic and nobody asks about it: only BLOCK and WARN are kept.
        if (decision == null || decision.equals("ALLOW") || text(j, "callId") == null) {
            return 0;
        }
        List<String> reasons = new ArrayList<>();
        j.path("reasons").forEach(x -> reasons.add(x.asText()));
        JsonNode matched = j.get("matchedEntry");
        s.setString(1, text(j, "callId"));
        s.setString(2, decision);
        s.setArray(3, c.createArrayOf("text", reasons.toArray()));
        s.setString(4, text(j, "callingNumber"));
        s.setString(5, text(j, "presentedNumber"));
        s.setString(6, text(j, "calledNumber") == null ? "" : text(j, "calledNumber"));
        s.setBoolean(7, j.path("protectedLine").asBoolean());
        s.setString(8, matched == null ? null : text(matched, "key"));
        s.setString(9, matched == null ? null : text(matched, "source"));
        if (j.hasNonNull("setupTime")) {
            s.setTimestamp(10, new Timestamp(j.get("setupTime").asLong()));
        } else {
            s.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
        }
        s.setTimestamp(11, new Timestamp(j.path("decidedAt").asLong(r.timestamp())));
        s.setBoolean(12, j.path("stale").asBoolean());
        s.setInt(13, r.partition());
        s.setLong(14, r.offset());
        s.addBatch();
        return 1;
    }

    private static int notification(Connection c, PreparedStatement s, ConsumerRecord<String, byte[]> r, JsonNode j)
            throws SQLException {
        if (text(j, "notificationId") == null || text(j, "protectedLine") == null) {
            return 0;
        }
        List<String> recipients = new ArrayList<>();
        j.path("recipients").forEach(x -> recipients.add(x.asText()));
        Array array = c.createArrayOf("text", recipients.toArray());
        s.setString(1, text(j, "notificationId"));
        s.setString(2, text(j, "callId"));
        s.setString(3, text(j, "protectedLine"));
        s.setArray(4, array);
        s.setString(5, text(j, "callingNumber"));
        s.setString(6, text(j, "decision"));
        s.setString(7, text(j, "reason"));
        s.setTimestamp(8, new Timestamp(j.path("occurredAt").asLong(r.timestamp())));
        s.setInt(9, j.path("suppressedRepeats").asInt());
        s.setInt(10, r.partition());
        s.setLong(11, r.offset());
        s.addBatch();
        return 1;
    }

    /**
     * A report as the labeller would count it: invalid ones (which the labeller sends to the DLQ) are skipped. The
     * REST intake and the gateways write numbers in canonical form, which is what the analysts' queue groups by.
     */
    private static int report(PreparedStatement s, ConsumerRecord<String, byte[]> r, JsonNode j) throws SQLException {
        String id = text(j, "reportId");
        String reported = text(j, "reportedNumber");
        String reporter = text(j, "reporterNumber");
        String channel = text(j, "channel");
        Instant at = j.path("reportedAt").isIntegralNumber()
                ? Instant.ofEpochMilli(j.get("reportedAt").asLong())
                : instant(j, "reportedAt");
        if (id == null
                || reported == null
                || reporter == null
                || at == null
                || !CHANNELS.contains(channel)
                || !BlocklistEntry.NUMBER.matcher(reported).matches()
                || !BlocklistEntry.NUMBER.matcher(reporter).matches()
                || !reporter.startsWith("+")
                || reported.equals(reporter)) {
            return 0;
        }
        s.setString(1, id);
        s.setString(2, reported);
        s.setString(3, reporter);
        s.setString(4, channel);
        s.setString(5, text(j, "category") == null ? "OTHER" : text(j, "category"));
        s.setString(6, text(j, "callId"));
        s.setTimestamp(7, Timestamp.from(at));
        s.setInt(8, r.partition());
        s.setLong(9, r.offset());
        s.addBatch();
        return 1;
    }

    private static void dispute(PreparedStatement s, JsonNode j) throws SQLException {
        Instant opened = instant(j, "openedAt");
        Instant due = instant(j, "dueAt");
        if (text(j, "disputeId") == null || text(j, "number") == null || opened == null || due == null) {
            return;
        }
        Instant resolved = instant(j, "resolvedAt");
        s.setString(1, text(j, "disputeId"));
        s.setString(2, text(j, "number"));
        s.setString(3, text(j, "status"));
        s.setString(4, text(j, "statement") == null ? "" : text(j, "statement"));
        s.setString(5, text(j, "contact"));
        s.setString(6, text(j, "callId"));
        JsonNode matched = j.get("matchedEntry");
        s.setString(7, matched == null ? null : text(matched, "key"));
        s.setString(8, matched == null ? null : text(matched, "source"));
        s.setString(9, jsonOrNull(j.get("blockingEntry")));
        s.setString(10, text(j, "openedBy"));
        s.setTimestamp(11, Timestamp.from(opened));
        s.setTimestamp(12, Timestamp.from(due));
        s.setString(13, text(j, "resolvedBy"));
        s.setTimestamp(14, resolved == null ? null : Timestamp.from(resolved));
        s.setString(15, text(j, "note"));
        s.setLong(16, j.path("version").asLong(1));
        s.addBatch();
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode j, String field) {
        String t = text(j, field);
        if (t == null) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String jsonOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.toString();
    }
}
