package io.callguard.readmodel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

/**
 * Decisions and notifications live in one partition a month (UTC): the coming months are created ahead, and a month
 * whose end is older than the retention is dropped whole, which costs nothing like a DELETE of millions of rows.
 * Rows outside every month (a replay of very old events) land in the default partition and are deleted there.
 */
final class MonthlyPartitions {

    private static final Logger LOG = Logger.getLogger(MonthlyPartitions.class);
    static final List<String> TABLES = List.of("decisions", "notifications");
    private static final String TIME_COLUMN_DECISIONS = "decided_at";
    private static final String TIME_COLUMN_NOTIFICATIONS = "occurred_at";

    private MonthlyPartitions() {}

    static void maintain(Connection c, Instant now, Duration retention) throws SQLException {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Instant cutoff = now.minus(retention);
        for (String table : TABLES) {
            for (int ahead = -1; ahead <= 2; ahead++) {
                create(c, table, current.plusMonths(ahead));
            }
            for (String partition : monthlyPartitions(c, table)) {
                YearMonth month =
                        YearMonth.parse(partition.substring(table.length() + 1).replace('_', '-'));
                if (month.plusMonths(1)
                        .atDay(1)
                        .atStartOfDay()
                        .toInstant(ZoneOffset.UTC)
                        .isBefore(cutoff)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("DROP TABLE IF EXISTS " + partition);
                    }
                    LOG.infof("read model: dropped %s, older than the retention of %s", partition, retention);
                }
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + table + "_default WHERE " + timeColumn(table) + " < TIMESTAMPTZ '"
                        + cutoff + "'");
            }
        }
        // Reports are few next to decisions: one table, trimmed by a DELETE on its time index.
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM reports WHERE reported_at < TIMESTAMPTZ '" + cutoff + "'");
        }
    }

    private static void create(Connection c, String table, YearMonth month) throws SQLException {
        String name = table + "_" + month.toString().replace('-', '_');
        Instant from = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        try (Statement s = c.createStatement()) {
            s.execute("SAVEPOINT month");
            s.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF " + table + " FOR VALUES FROM ('" + from
                    + "') TO ('" + to + "')");
            s.execute("RELEASE SAVEPOINT month");
        } catch (SQLException e) {
            // The default partition already holds rows of that month (a replay of old events): they stay there.
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK TO SAVEPOINT month");
            }
            LOG.debugf("read model: partition %s not created (%s)", name, e.getMessage());
        }
    }

    private static List<String> monthlyPartitions(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT child.relname FROM pg_inherits JOIN pg_class parent ON"
                        + " pg_inherits.inhparent = parent.oid JOIN pg_class child ON pg_inherits.inhrelid = child.oid"
                        + " WHERE parent.relname = '" + table + "'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.matches(table + "_\\d{4}_\\d{2}")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static String timeColumn(String table) {
        return table.equals("decisions") ? TIME_COLUMN_DECISIONS : TIME_COLUMN_NOTIFICATIONS;
    }
}
