package io.callguard.family;

import java.time.Instant;
import java.util.List;

import io.callguard.readmodel.DecisionRow;

/**
 * One call stopped (BLOCK) or flagged (WARN) for a senior's line, as the family app shows it.
 *
 * @param callId the call's reference, for a question to customer support
 */
public record StoppedCall(
        Instant at, String callingNumber, String decision, String reason, boolean familyNotified, String callId) {

    static StoppedCall of(DecisionRow d) {
        List<String> reasons = d.reasons();
        return new StoppedCall(
                d.setupTime() == null ? d.decidedAt() : d.setupTime(),
                d.callingNumber() == null ? d.presentedNumber() : d.callingNumber(),
                d.decision(),
                reasons.isEmpty() ? null : reasons.get(0),
                Boolean.TRUE.equals(d.notified()),
                d.callId());
    }

    public record Page(List<StoppedCall> items, String nextCursor) {}
}
