package io.callguard.screening;

/** The caller-ID integrity checks of rule I, for metrics and dashboards ("spoofed calls stopped, by check"). */
public enum IntegrityCheck {
    /** I.a: a Do-Not-Originate entry. */
    DO_NOT_ORIGINATE,
    /** I.b: a home number or short code on an international trunk, its owner not abroad. */
    FROM_ABROAD,
    /** I.c: attestation C on an allowlisted caller. */
    UNVERIFIED_ALLOWLISTED
}
