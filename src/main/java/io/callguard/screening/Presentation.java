package io.callguard.screening;

/** Whether the caller asked to hide its number. */
public enum Presentation {
    ALLOWED,
    RESTRICTED
}
