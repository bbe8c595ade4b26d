package io.callguard.lines;

import java.time.Instant;
import java.util.List;

import io.callguard.numbers.Masked;

/**
 * A protected line as shown to a reader. Family numbers are the family's personal data: only a line-admin, who binds
 * them at the shop, sees them whole; everyone else sees {@code +86138****0001}.
 */
public record LineView(
        String line,
        List<String> familyNumbers,
        List<String> trustedNumbers,
        LinePolicy policy,
        String updatedBy,
        Instant updatedAt) {

    public static LineView of(ProtectedLine l, boolean maskFamily) {
        List<String> family =
                maskFamily ? l.familyNumbers().stream().map(Masked::number).toList() : l.familyNumbers();
        return new LineView(l.line(), family, l.trustedNumbers(), l.policy(), l.updatedBy(), l.updatedAt());
    }
}
