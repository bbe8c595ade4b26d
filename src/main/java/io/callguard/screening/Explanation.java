package io.callguard.screening;

import java.util.List;

/** What {@code POST /api/v1/screen} answers: the decision that would be made now, and every rule's verdict on it. */
public record Explanation(
        Verdict decision,
        List<Reason> reasons,
        String callingNumber,
        String calledNumber,
        boolean protectedLine,
        String presentedNumber,
        MatchedEntry matchedEntry,
        int distinctCalleesInWindow,
        List<RuleTrace> trace) {}
