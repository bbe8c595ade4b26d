package io.callguard.screening;

import java.util.List;

import io.callguard.blocklist.BlocklistEntry;

/**
 * The answer to one call attempt, written to {@code call-decisions} keyed by callId.
 *
 * @param callingNumber the canonical caller, {@code null} when hidden or unusable
 * @param calledNumber the canonical callee, or the raw value when it was invalid
 * @param setupTime the event's setup time, {@code null} when the event did not carry a valid one
 * @param stale whether the event was older than the stale threshold on arrival
 * @param presentedNumber the calling number exactly as received, when the canonical one is {@code null} or rule I
 *     fired; {@code null} otherwise (and then not written)
 * @param matchedEntry the list entry that decided, written as {@code {"key","source"}}; {@code null} when none did
 */
public record Decision(
        String callId,
        Verdict decision,
        List<Reason> reasons,
        String callingNumber,
        String calledNumber,
        boolean protectedLine,
        Long setupTime,
        long decidedAt,
        boolean stale,
        String presentedNumber,
        BlocklistEntry matchedEntry) {

    public Reason decidingReason() {
        return reasons.get(0);
    }
}
