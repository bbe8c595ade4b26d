package io.callguard.blocklist;

/** The kind of fraud a number is listed for. */
public enum FraudCategory {
    IMPERSONATION,
    INVESTMENT,
    LOAN,
    PHISHING,
    ROBOCALL,
    HARASSMENT,
    OTHER
}
