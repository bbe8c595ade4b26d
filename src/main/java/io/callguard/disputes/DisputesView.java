package io.callguard.disputes;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.InvalidRecords;
import io.callguard.state.StateSink;

/**
 * The disputes of this replica, materialised from {@code disputes}: the current version of each, for the version check
 * of a resolution and the open/overdue gauges. Listings come from the read model.
 */
public final class DisputesView implements StateSink {

    private final ObjectMapper mapper;
    private final Map<String, Dispute> byId = new ConcurrentHashMap<>();
    private final InvalidRecords invalid = new InvalidRecords("dispute");

    public DisputesView(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Dispute get(String disputeId) {
        return byId.get(disputeId);
    }

    public long open() {
        return byId.values().stream().filter(Dispute::isOpen).count();
    }

    public long overdueAt(Instant now) {
        return byId.values().stream().filter(d -> d.isOverdueAt(now)).count();
    }

    /** Seconds since the oldest open dispute was opened, 0 when none is open. */
    public double oldestOpenAgeSeconds(Instant now) {
        return byId.values().stream()
                        .filter(Dispute::isOpen)
                        .mapToLong(d -> now.toEpochMilli() - d.openedAt().toEpochMilli())
                        .max()
                        .orElse(0)
                / 1000.0;
    }

    @Override
    public void apply(String key, byte[] value) {
        if (value == null) {
            byId.remove(key);
            return;
        }
        try {
            Dispute d = mapper.readValue(value, Dispute.class);
            if (!d.disputeId().equals(key)) {
                invalid.reject(key, "key does not match dispute " + d.disputeId());
                return;
            }
            byId.put(key, d);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            invalid.reject(key, e.getMessage());
        }
    }

    @Override
    public void rejectKeyless() {
        invalid.reject("<null>", "record without key");
    }

    @Override
    public long invalidRecords() {
        return invalid.count();
    }
}
