package io.callguard.disputes;

import java.time.Instant;
import java.util.Objects;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.screening.MatchedEntry;

/**
 * The complaint of a blocked number's owner, as the compacted {@code disputes} topic keeps it (key = disputeId).
 *
 * @param matchedEntry key and source of the entry behind the block, as decisions name it
 * @param blockingEntry the list entry that decided for the number when the dispute was opened, {@code null} if none
 *     (a block by a line's policy rather than by the list)
 * @param contact how to reach the complainant: personal data, shown to support and analysts only
 * @param version 1 when opened, +1 per change; the {@code ETag} of the dispute
 */
public record Dispute(
        String disputeId,
        String number,
        DisputeStatus status,
        String statement,
        String contact,
        String callId,
        MatchedEntry matchedEntry,
        BlocklistEntry blockingEntry,
        String openedBy,
        Instant openedAt,
        Instant dueAt,
        String resolvedBy,
        Instant resolvedAt,
        String note,
        long version) {

    public Dispute {
        Objects.requireNonNull(disputeId, "disputeId is required");
        Objects.requireNonNull(number, "number is required");
        Objects.requireNonNull(status, "status is required");
        Objects.requireNonNull(openedAt, "openedAt is required");
        Objects.requireNonNull(dueAt, "dueAt is required");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }

    public boolean isOpen() {
        return status == DisputeStatus.OPEN;
    }

    public boolean isOverdueAt(Instant now) {
        return isOpen() && now.isAfter(dueAt);
    }

    Dispute resolved(DisputeStatus outcome, String by, Instant at, String why) {
        return new Dispute(
                disputeId,
                number,
                outcome,
                statement,
                contact,
                callId,
                matchedEntry,
                blockingEntry,
                openedBy,
                openedAt,
                dueAt,
                by,
                at,
                why,
                version + 1);
    }

    /** The ETag of this version. */
    public String etag() {
        return "\"" + version + "\"";
    }
}
