package io.callguard.disputes;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.KeyedJsonView;

/**
 * The disputes of this replica, materialised from {@code disputes}: the current version of each, for the version check
 * of a resolution and the open/overdue gauges. Listings come from the read model. The gauges look only at the open
 * disputes, kept apart, not at every dispute ever resolved (the topic keeps them all).
 */
public final class DisputesView extends KeyedJsonView<Dispute> {

    private final Map<String, Dispute> open = new ConcurrentHashMap<>();

    public DisputesView(ObjectMapper mapper) {
        super(mapper, Dispute.class, Dispute::disputeId, "dispute");
    }

    @Override
    protected void changed(String key, Dispute before, Dispute after) {
        if (after != null && after.isOpen()) {
            open.put(key, after);
        } else {
            open.remove(key);
        }
    }

    public long open() {
        return open.size();
    }

    public long overdueAt(Instant now) {
        return open.values().stream().filter(d -> d.isOverdueAt(now)).count();
    }

    /** Seconds since the oldest open dispute was opened, 0 when none is open. */
    public double oldestOpenAgeSeconds(Instant now) {
        return open.values().stream()
                        .mapToLong(d -> now.toEpochMilli() - d.openedAt().toEpochMilli())
                        .max()
                        .orElse(0)
                / 1000.0;
    }
}
