package io.callguard.blocklist;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.callguard.state.InvalidRecords;
import io.callguard.state.StateSink;

/** The changes that wait for a second approver, materialised from {@code blocklist-approvals}. */
public final class PendingChangesView implements StateSink {

    private final ObjectMapper mapper;
    private final Map<String, PendingChange> byKey = new ConcurrentHashMap<>();
    private final InvalidRecords invalid = new InvalidRecords("pending-change");

    public PendingChangesView(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public PendingChange byId(String approvalId) {
        for (PendingChange p : byKey.values()) {
            if (p.approvalId().equals(approvalId)) {
                return p;
            }
        }
        return null;
    }

    public Collection<PendingChange> all() {
        return byKey.values();
    }

    @Override
    public void apply(String key, byte[] value) {
        if (value == null) {
            byKey.remove(key);
            return;
        }
        try {
            PendingChange change = mapper.readValue(value, PendingChange.class);
            if (!change.key().equals(key)) {
                invalid.reject(key, "key does not match pending change " + change.key());
                return;
            }
            byKey.put(key, change);
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
