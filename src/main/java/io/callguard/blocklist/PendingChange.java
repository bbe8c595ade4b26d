package io.callguard.blocklist;

import java.time.Instant;
import java.util.Objects;

/**
 * A dangerous change (an ALLOW or DNO prefix switches screening off, or on, for a whole range) that waits for a
 * second fraud analyst. Kept in the compacted {@code blocklist-approvals} topic, keyed by the entry's key: a newer
 * request for the same key replaces the older one.
 *
 * @param approvalId names the request in the approvals API
 * @param entry the entry that will be written once approved
 */
public record PendingChange(
        String approvalId, String key, String requestedBy, Instant requestedAt, BlocklistEntry entry) {

    public PendingChange {
        Objects.requireNonNull(approvalId, "approvalId is required");
        Objects.requireNonNull(key, "key is required");
        Objects.requireNonNull(requestedBy, "requestedBy is required");
        Objects.requireNonNull(requestedAt, "requestedAt is required");
        Objects.requireNonNull(entry, "entry is required");
        if (!entry.key().equals(key)) {
            throw new IllegalArgumentException("key " + key + " does not match entry " + entry.key());
        }
    }
}
