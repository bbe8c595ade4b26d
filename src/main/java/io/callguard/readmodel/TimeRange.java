package io.callguard.readmodel;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.callguard.rest.ProblemException;

/** A query's [from, to) in ISO-8601 instants; {@code to} defaults to now, {@code from} to {@code to} minus a default. */
record TimeRange(Instant from, Instant to) {

    static TimeRange of(String from, String to, Instant now, Duration defaultSpan) {
        Instant end = to == null || to.isBlank() ? now : parse("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(defaultSpan) : parse("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "from must be before to");
        }
        return new TimeRange(start, end);
    }

    Duration span() {
        return Duration.between(from, to);
    }

    private static Instant parse(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, field + " must be an ISO-8601 instant such as 2026-11-29T06:05:00Z");
        }
    }
}
