package io.callguard.reports;

import java.time.Instant;
import java.util.Objects;

/**
 * A number people reported that a person judged innocent: an analyst cleared it, or a dispute lifted its block. Reports
 * made before {@code clearedAt} never count again, and no label is written before {@code until}. Value of the
 * compacted {@code report-clearances} topic, key = number.
 *
 * @param via REVIEW (the analyst queue) or DISPUTE
 */
public record Clearance(String number, Instant clearedAt, Instant until, String clearedBy, String why, String via) {

    public Clearance {
        Objects.requireNonNull(number, "number is required");
        Objects.requireNonNull(clearedAt, "clearedAt is required");
        Objects.requireNonNull(until, "until is required");
    }
}
