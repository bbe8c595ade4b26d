package io.callguard.lines;

import java.time.LocalTime;
import java.util.Objects;

/** A daily period, in the line's own time zone, during which unknown callers are blocked. May cross midnight. */
public record QuietHours(LocalTime from, LocalTime to) {

    public QuietHours {
        Objects.requireNonNull(from, "quietHours.from is required (HH:mm)");
        Objects.requireNonNull(to, "quietHours.to is required (HH:mm)");
        if (from.equals(to)) {
            throw new IllegalArgumentException("quietHours.from and quietHours.to must differ");
        }
    }

    /** Whether {@code time} falls in [from, to), wrapping past midnight when {@code from > to}. */
    public boolean contains(LocalTime time) {
        if (from.isBefore(to)) {
            return !time.isBefore(from) && time.isBefore(to);
        }
        return !time.isBefore(from) || time.isBefore(to);
    }
}
