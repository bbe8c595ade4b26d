package io.callguard.screening;

/**
 * A call-setup record that cannot be screened. Carries the callId when one was found, because then the switch still
 * gets a fail-open decision. Without a stack trace: a flood of bad records must stay cheap.
 */
public final class InvalidEventException extends Exception {

    private final InvalidEventKind kind;
    private final String callId;

    public InvalidEventException(InvalidEventKind kind, String message, String callId) {
        super(message, null, false, false);
        this.kind = kind;
        this.callId = callId;
    }

    public InvalidEventKind kind() {
        return kind;
    }

    /** The event's callId, or {@code null} when it had no usable one. */
    public String callId() {
        return callId;
    }
}
