package io.callguard.screening;

import java.util.List;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.lines.ProtectedLine;

/**
 * The outcome of screening one call, before the pipeline stamps it with its decision time.
 *
 * @param caller canonical caller, {@code null} when hidden or unusable
 * @param called canonical callee, or the raw value when invalid
 * @param line the protected line called, {@code null} for an ordinary line
 * @param invalidEvent why the event is invalid (rule 1), {@code null} for a valid one
 * @param presentedNumber the calling number as received, when the canonical caller is {@code null} or rule I fired;
 *     otherwise {@code null}
 * @param matchedEntry the list entry that decided (BLOCK, ALLOW or DNO), {@code null} when none did
 * @param integrityCheck the check of rule I that decided, {@code null} when another rule did
 */
public record Screening(
        Verdict verdict,
        List<Reason> reasons,
        String caller,
        String called,
        ProtectedLine line,
        String invalidEvent,
        String presentedNumber,
        BlocklistEntry matchedEntry,
        IntegrityCheck integrityCheck) {

    public static Screening invalid(String called, String presented, String why) {
        return new Screening(
                Verdict.ALLOW, Reason.INVALID_EVENT.alone(), null, called, null, why, presented, null, null);
    }

    public Reason decidingReason() {
        return reasons.get(0);
    }

    public boolean isProtectedLine() {
        return line != null;
    }

    public boolean isInvalidEvent() {
        return invalidEvent != null;
    }
}
