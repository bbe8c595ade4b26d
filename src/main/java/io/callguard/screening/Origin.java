package io.callguard.screening;

/** The ingress trunk of the call. */
public enum Origin {
    DOMESTIC,
    INTERNATIONAL
}
