package io.callguard.screening;

import java.util.List;

/**
 * The answer to one call attempt, written to {@code call-decisions} keyed by callId.
 *
 * @param callingNumber the canonical caller, {@code null} when hidden or unusable
 * @param calledNumber the canonical callee, or the raw value when it was invalid
 * @param setupTime the event's setup time, {@code null} when the event did not carry a valid one
 * @param stale whether the event was older than the stale threshold on arrival
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
        boolean stale) {

    public Reason decidingReason() {
        return reasons.get(0);
    }
}
