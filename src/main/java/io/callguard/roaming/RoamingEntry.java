package io.callguard.roaming;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One record of the {@code roaming-subscribers} topic, written by the roaming platform: a home subscriber who is
 * abroad. A tombstone means the subscriber is home again; an entry past {@code expiresAt} does not exist.
 *
 * @param number the home number, E.164
 * @param visitedCountry ISO 3166-1 alpha-2 code of the visited country, e.g. {@code JP}
 * @param since when the subscriber registered abroad
 * @param expiresAt when the entry stops existing, {@code null} for open-ended
 */
public record RoamingEntry(String number, String visitedCountry, Instant since, Instant expiresAt) {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public RoamingEntry {
        Objects.requireNonNull(number, "number is required");
        Objects.requireNonNull(visitedCountry, "visitedCountry is required");
        Objects.requireNonNull(since, "since is required");
        if (!isE164(number)) {
            throw new IllegalArgumentException("number '" + number + "' is not an E.164 number");
        }
        if (!COUNTRIES.contains(visitedCountry)) {
            throw new IllegalArgumentException("visitedCountry '" + visitedCountry + "' is not an ISO 3166 code");
        }
        if (expiresAt != null && !expiresAt.isAfter(since)) {
            throw new IllegalArgumentException("expiresAt must be after since");
        }
    }

    /** Whether the subscriber is registered abroad at {@code epochMillis}. */
    public boolean isRoamingAt(long epochMillis) {
        return since.toEpochMilli() <= epochMillis && (expiresAt == null || epochMillis < expiresAt.toEpochMilli());
    }

    static boolean isE164(String v) {
        int n = v.length();
        if (n < 8 || n > 16 || v.charAt(0) != '+' || v.charAt(1) < '1' || v.charAt(1) > '9') {
            return false;
        }
        for (int i = 2; i < n; i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
