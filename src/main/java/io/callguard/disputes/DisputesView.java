package io.callguard.disputes;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.KeyedJsonView;

/**
 * The disputes of this replica, materialised from {@code disputes}: the current version of each, for the version check
 * of a resolution and the open/overdue gauges. Listings come from the read model.
 */
public final class DisputesView extends KeyedJsonView<Dispute> {

    public DisputesView(ObjectMapper mapper) {
        super(mapper, Dispute.class, Dispute::disputeId, "dispute");
    }

    public long open() {
        return all().stream().filter(Dispute::isOpen).count();
    }

    public long overdueAt(Instant now) {
        return all().stream().filter(d -> d.isOverdueAt(now)).count();
    }

    /** Seconds since the oldest open dispute was opened, 0 when none is open. */
    public double oldestOpenAgeSeconds(Instant now) {
        return all().stream()
                        .filter(Dispute::isOpen)
                        .mapToLong(d -> now.toEpochMilli() - d.openedAt().toEpochMilli())
                        .max()
                        .orElse(0)
                / 1000.0;
    }
}
