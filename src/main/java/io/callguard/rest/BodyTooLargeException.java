package io.callguard.rest;

import java.io.IOException;

/**
 * A request body that grew past its limit while being read. An {@link IOException}, so that JSON readers pass it on
 * unwrapped instead of reporting a syntax error.
 */
public final class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes", null);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    public ProblemException problem() {
        return ProblemException.tooLarge("body", getMessage());
    }

    /** The body-size failure somewhere in {@code failure}'s causes, or {@code null}. */
    public static BodyTooLargeException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException b) {
                return b;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
