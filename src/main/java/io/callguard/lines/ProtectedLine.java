package io.callguard.lines;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A protected senior line: its bound family numbers, other trusted callers and its policy. */
public record ProtectedLine(
        String line,
        List<String> familyNumbers,
        List<String> trustedNumbers,
        LinePolicy policy,
        String updatedBy,
        Instant updatedAt) {

    /** The carrier's plan binds at most three family numbers. */
    public static final int MAX_FAMILY_NUMBERS = 3;

    public static final int MAX_TRUSTED_NUMBERS = 50;

    public ProtectedLine {
        Objects.requireNonNull(line, "line is required");
        requireE164("line", line);
        familyNumbers = familyNumbers == null ? List.of() : List.copyOf(familyNumbers);
        trustedNumbers = trustedNumbers == null ? List.of() : List.copyOf(trustedNumbers);
        if (familyNumbers.isEmpty() || familyNumbers.size() > MAX_FAMILY_NUMBERS) {
            throw new IllegalArgumentException(
                    "familyNumbers must hold 1 to " + MAX_FAMILY_NUMBERS + " numbers, got " + familyNumbers.size());
        }
        if (trustedNumbers.size() > MAX_TRUSTED_NUMBERS) {
            throw new IllegalArgumentException("trustedNumbers may hold at most " + MAX_TRUSTED_NUMBERS + " numbers");
        }
        checkNumbers("familyNumbers", familyNumbers, line);
        checkNumbers("trustedNumbers", trustedNumbers, line);
        // A few admins write millions of lines: one String per author, not one per line.
        updatedBy = updatedBy == null ? null : updatedBy.intern();
        // Most lines keep the default policy: one shared object instead of one per line.
        policy = policy == null || policy.equals(LinePolicy.DEFAULTS) ? LinePolicy.DEFAULTS : policy;
    }

    /** Whether {@code caller} is a bound family member or a trusted contact of this line. */
    public boolean isTrusted(String caller) {
        return familyNumbers.contains(caller) || trustedNumbers.contains(caller);
    }

    // Cheap enough to run for every line the store builds for a protected call: no regex, no set.
    private static void checkNumbers(String field, List<String> numbers, String line) {
        for (int i = 0; i < numbers.size(); i++) {
            String n = numbers.get(i);
            if (n == null) {
                throw new IllegalArgumentException(field + " must not contain null");
            }
            requireE164(field, n);
            if (n.equals(line)) {
                throw new IllegalArgumentException(field + " must not contain the line itself");
            }
            for (int j = 0; j < i; j++) {
                if (numbers.get(j).equals(n)) {
                    throw new IllegalArgumentException(field + " contains " + n + " twice");
                }
            }
        }
    }

    /** '+', a digit 1-9, then 6 to 14 digits. */
    private static void requireE164(String field, String number) {
        int n = number.length();
        boolean valid = n >= 8 && n <= 16 && number.charAt(0) == '+' && number.charAt(1) != '0';
        for (int i = 1; valid && i < n; i++) {
            char c = number.charAt(i);
            valid = c >= '0' && c <= '9';
        }
        if (!valid) {
            throw new IllegalArgumentException(field + ": '" + number + "' is not an E.164 number");
        }
    }
}
