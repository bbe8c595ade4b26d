package io.callguard.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/** The projector's consumed offsets, kept in the database beside the rows they produced. */
final class ProjectorOffsets {

    private static final String UPSERT = "INSERT INTO projector_offsets (topic, partition, next_offset, updated_at)"
            + " VALUES (?, ?, ?, now()) ON CONFLICT (topic, partition) DO UPDATE SET"
            + " next_offset = GREATEST(projector_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()";

    private ProjectorOffsets() {}

    static Map<TopicPartition, Long> read(Connection c, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> found = new HashMap<>();
        try (PreparedStatement s =
                c.prepareStatement("SELECT next_offset FROM projector_offsets WHERE topic = ? AND partition = ?")) {
            for (TopicPartition tp : partitions) {
                s.setString(1, tp.topic());
                s.setInt(2, tp.partition());
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        found.put(tp, rs.getLong(1));
                    }
                }
            }
        }
        return found;
    }

    static void write(Connection c, Map<TopicPartition, Long> next) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
                s.setString(1, e.getKey().topic());
                s.setInt(2, e.getKey().partition());
                s.setLong(3, e.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Whether the projector has passed {@code offset} of {@code topic}/{@code partition}. */
    static boolean passed(Connection c, String topic, int partition, long offset) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT next_offset FROM projector_offsets WHERE topic = ? AND partition = ?")) {
            s.setString(1, topic);
            s.setInt(2, partition);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) > offset;
            }
        }
    }
}
