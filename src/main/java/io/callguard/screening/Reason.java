package io.callguard.screening;

import java.util.List;

/** Rule codes carried in a decision's {@code reasons}, the deciding one first. */
public enum Reason {
    INVALID_EVENT,
    DO_NOT_ORIGINATE,
    SPOOFED_NUMBER,
    ALLOWLISTED,
    TRUSTED_CONTACT,
    BLOCKLISTED,
    REPORTED,
    HIDDEN_CALLER,
    INTERNATIONAL,
    HIGH_RISK_RANGE,
    HIGH_VELOCITY,
    UNVERIFIED_CALLER,
    QUIET_HOURS,
    NO_MATCH;

    private final List<Reason> alone = List.of(this);

    /** A shared one-element list, so the common single-reason decision allocates nothing. */
    public List<Reason> alone() {
        return alone;
    }
}
