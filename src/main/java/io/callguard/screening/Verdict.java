package io.callguard.screening;

/** The three answers the switch understands. WARN connects the call with a fraud warning or label. */
public enum Verdict {
    ALLOW,
    WARN,
    BLOCK
}
