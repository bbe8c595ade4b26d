package io.callguard.disputes;

/** An analyst's answer to a dispute. */
public enum Resolution {
    LIFT,
    UPHOLD
}
