package io.callguard.readmodel;

import java.time.Instant;
import java.util.List;

import io.callguard.screening.MatchedEntry;

/**
 * A BLOCK or WARN decision as support sees it, with the family notification it caused, if any.
 *
 * @param notified whether the family was notified of this call (stopped-calls only; {@code null} elsewhere)
 */
public record DecisionRow(
        String callId,
        String decision,
        List<String> reasons,
        String callingNumber,
        String presentedNumber,
        String calledNumber,
        boolean protectedLine,
        MatchedEntry matchedEntry,
        Instant setupTime,
        Instant decidedAt,
        boolean stale,
        Boolean notified) {}
