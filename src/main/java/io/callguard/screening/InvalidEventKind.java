package io.callguard.screening;

/** Why an input record is invalid; the value of the DLQ's error-class header. */
public enum InvalidEventKind {
    /** Null or empty value. */
    EMPTY,
    /** Larger than the configured maximum event size. */
    TOO_LARGE,
    /** Not well-formed JSON. */
    NOT_JSON,
    /** JSON, but not an object. */
    NOT_AN_OBJECT,
    /** No callId: no decision can be keyed, so DLQ only. */
    MISSING_CALL_ID,
    /** callId of the wrong type, empty or too long: DLQ only. */
    INVALID_CALL_ID,
    /** A required field (calledNumber, setupTime) is absent. */
    MISSING_FIELD,
    /** A field has the wrong JSON type. */
    WRONG_TYPE,
    /** A field has a value outside its domain (unknown enum, non-positive time). */
    INVALID_VALUE,
    /** calledNumber is not a number. */
    INVALID_NUMBER
}
