package io.callguard.rest;

/** The "why" a person gives for a change: bounded and on one line, since it goes into audit records, logs and exports. */
public final class Reasons {

    public static final int MAX_LENGTH = 500;

    private Reasons() {}

    /** Refuses a reason that is too long or holds control characters (400, field {@code reason}). */
    public static void requireValid(String reason) {
        if (reason.length() > MAX_LENGTH) {
            throw ProblemException.invalid("reason", "reason longer than " + MAX_LENGTH);
        }
        if (reason.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw ProblemException.invalid("reason", "reason must not contain control characters");
        }
    }
}
