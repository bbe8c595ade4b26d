package io.callguard.family;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.callguard.lines.LinesState;
import io.callguard.lines.ProtectedLine;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.rest.ProblemException;

/**
 * Object-level authorisation for families: a line is reachable only while the token's subject is one of its
 * <em>current</em> family numbers, checked on every request against the registry. Any other line, and a line that does
 * not exist, get the same 404, so the answer never tells whether a number is a protected line.
 */
@ApplicationScoped
public class FamilyAccess {

    @Inject
    LinesState lines;

    @Inject
    NumberNormalizer numbers;

    /** The family member's own number: the token's subject, E.164; {@code null} if it is not a subscriber number. */
    public String member(JsonWebToken token) {
        String subject = token == null ? null : token.getSubject();
        String canonical = subject == null ? null : numbers.canonicalOrNull(subject);
        return canonical == null || !canonical.startsWith("+") ? null : canonical;
    }

    /** The line, if {@code member} is one of its family numbers now; otherwise 404 as for a line that is not there. */
    public ProtectedLine line(String member, String rawLine) {
        String line = rawLine == null ? null : numbers.canonicalOrNull(rawLine);
        ProtectedLine found = line == null ? null : lines.view().get(line);
        if (member == null || found == null || !found.familyNumbers().contains(member)) {
            // Not even the path is echoed: the answer is the same bytes for every line one may not see.
            throw ProblemException.notFound("no such protected line for this account");
        }
        return found;
    }
}
