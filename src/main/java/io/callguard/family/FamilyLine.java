package io.callguard.family;

import java.util.List;

import io.callguard.lines.LinePolicy;
import io.callguard.lines.ProtectedLine;
import io.callguard.numbers.Masked;

/**
 * A protected line as one of its family members sees it: their own number whole, the other family numbers masked to
 * the last four digits, the trusted numbers they manage, the policy.
 *
 * @param you the family member's own number
 */
public record FamilyLine(
        String line, String you, List<String> otherFamilyNumbers, List<String> trustedNumbers, LinePolicy policy) {

    static FamilyLine of(ProtectedLine l, String member) {
        List<String> others = l.familyNumbers().stream()
                .filter(f -> !f.equals(member))
                .map(Masked::lastFour)
                .toList();
        return new FamilyLine(l.line(), member, others, l.trustedNumbers(), l.policy());
    }
}
