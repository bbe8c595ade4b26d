package io.callguard.screening;

import java.time.Instant;
import java.time.LocalTime;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.EntryAction;
import io.callguard.lines.LinePolicy;
import io.callguard.lines.ProtectedLine;

/**
 * Everything the rules need to know about one call, looked up once: the rules only compare.
 *
 * @param caller canonical caller, {@code null} when hidden, absent or unusable
 * @param hidden whether the caller is hidden: presentation RESTRICTED or no usable number
 * @param line the protected line called, {@code null} for an ordinary line
 * @param listed the longest blocklist entry matching the caller (BLOCK or ALLOW), {@code null} if none
 * @param distinctCallees the caller's distinct callees in the velocity window, this call included (0 if no caller)
 * @param callerCountry the caller's country calling code; 0 if unknown or the line is not protected
 * @param lineCountry the protected line's country calling code; 0 for an ordinary line
 * @param homeNumberFromAbroad an international trunk presents a home-country number or short code whose owner is not
 *     registered abroad at the call's time (rule I.b); false for a domestic trunk
 * @param roaming the caller is registered abroad at the call's time (looked up for international trunks only)
 */
public record CallFacts(
        CallSetup setup,
        String caller,
        boolean hidden,
        String called,
        ProtectedLine line,
        BlocklistEntry listed,
        boolean globallyAllowed,
        boolean highRiskRange,
        int distinctCallees,
        int callerCountry,
        int lineCountry,
        boolean homeNumberFromAbroad,
        boolean roaming) {

    /** The caller's longest match is a BLOCK entry of the fraud team or a feed. */
    public boolean isBlocklisted() {
        return listed != null && listed.action() == EntryAction.BLOCK && !listed.isCommunityLabel();
    }

    /** The caller's longest match is a label that reports from the public earned. */
    public boolean isReported() {
        return listed != null && listed.isCommunityLabel();
    }

    /** Whether any check of rule I could match: a listed caller, a home number from abroad, or attestation C. */
    public boolean mayBeSpoofed() {
        return caller != null && (listed != null || homeNumberFromAbroad || setup.attestation() == Attestation.C);
    }

    /** The caller's longest match is a Do-Not-Originate entry: a number that never places calls. */
    public boolean isDoNotOriginate() {
        return listed != null && listed.action() == EntryAction.DNO;
    }

    public boolean isAllowlisted() {
        return globallyAllowed || (listed != null && listed.action() == EntryAction.ALLOW);
    }

    public LinePolicy policy() {
        return line == null ? LinePolicy.DEFAULTS : line.policy();
    }

    /** The line-local wall-clock time of the call. */
    public LocalTime localTime() {
        return Instant.ofEpochMilli(setup.setupTime())
                .atZone(policy().timeZone())
                .toLocalTime();
    }
}
