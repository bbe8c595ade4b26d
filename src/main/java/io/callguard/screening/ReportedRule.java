package io.callguard.screening;

/**
 * Beside rules 3.2 and 4: the caller's longest blocklist match is a label that reports from the public earned. Not an
 * analyst's judgement, so ordinary lines only get a warning; protected lines are blocked.
 */
public final class ReportedRule implements Rule {

    private final Verdict verdict;

    public ReportedRule(Verdict verdict) {
        this.verdict = verdict;
    }

    @Override
    public Reason reason() {
        return Reason.REPORTED;
    }

    @Override
    public Verdict verdict() {
        return verdict;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.isReported();
    }

    @Override
    public String explain(CallFacts call) {
        if (!call.isReported()) {
            return "no community label on the caller";
        }
        var e = call.listed();
        return "labelled by reports from the public (" + e.reason() + ", " + e.category() + ") until " + e.expiresAt();
    }
}
