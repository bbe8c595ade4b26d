package io.callguard.reports;

/** A report that cannot be accepted: the REST answer is a 400 on {@link #field()}, the topic's copy goes to the DLQ. */
public final class InvalidReportException extends RuntimeException {

    private final String field;
    private final boolean tooOld;

    InvalidReportException(String field, String message) {
        this(field, message, false);
    }

    InvalidReportException(String field, String message, boolean tooOld) {
        super(message, null, false, false);
        this.field = field;
        this.tooOld = tooOld;
    }

    /** Valid but older than the horizon: counted apart from malformed reports. */
    public boolean tooOld() {
        return tooOld;
    }

    public String field() {
        return field;
    }
}
