package io.callguard.screening;

import java.util.List;

import io.callguard.lines.ProtectedLine;

/**
 * The outcome of screening one call, before the pipeline stamps it with its decision time.
 *
 * @param caller canonical caller, {@code null} when hidden or unusable
 * @param called canonical callee, or the raw value when invalid
 * @param line the protected line called, {@code null} for an ordinary line
 * @param invalidEvent why the event is invalid (rule 1), {@code null} for a valid one
 */
public record Screening(
        Verdict verdict, List<Reason> reasons, String caller, String called, ProtectedLine line, String invalidEvent) {

    public static Screening invalid(String called, String why) {
        return new Screening(Verdict.ALLOW, Reason.INVALID_EVENT.alone(), null, called, null, why);
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
