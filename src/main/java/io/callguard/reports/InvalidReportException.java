package io.callguard.reports;

/** A report that cannot be accepted: the REST answer is a 400 on {@link #field()}, the topic's copy goes to the DLQ. */
public final class InvalidReportException extends RuntimeException {

    private final String field;

    InvalidReportException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
