package io.callguard.reports;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts each reporter's reports per day (UTC, event time) and refuses those over the cap: a person (or a bot) who
 * reports hundreds of numbers a day is not a witness. Owned by one labeller thread.
 */
final class FloodGuard {

    private static final long DAY_MILLIS = 86_400_000L;

    private final int dailyCap;
    /** Reporter → {day, reports that day}. */
    private final Map<String, long[]> days = new HashMap<>();

    FloodGuard(int dailyCap) {
        this.dailyCap = dailyCap;
    }

    /** Counts the report; {@code false} if its reporter is over the day's cap. */
    boolean admit(String reporter, long atMillis) {
        long day = Math.floorDiv(atMillis, DAY_MILLIS);
        long[] c = days.computeIfAbsent(reporter, r -> new long[] {day, 0});
        if (day > c[0]) {
            c[0] = day;
            c[1] = 0;
        }
        c[1]++;
        return c[1] <= dailyCap;
    }

    /** Forgets reporters not seen since the day before {@code nowMillis}. */
    void forgetBefore(long nowMillis) {
        long yesterday = Math.floorDiv(nowMillis, DAY_MILLIS) - 1;
        days.values().removeIf(c -> c[0] < yesterday);
    }
}
