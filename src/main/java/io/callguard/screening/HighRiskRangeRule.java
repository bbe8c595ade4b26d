package io.callguard.screening;

/** Rules 3.5 and 4: the caller is in a configured high-risk range (virtual-operator ranges by default). */
public final class HighRiskRangeRule implements Rule {

    private final Verdict verdict;
    private final boolean obeyLinePolicy;

    private HighRiskRangeRule(Verdict verdict, boolean obeyLinePolicy) {
        this.verdict = verdict;
        this.obeyLinePolicy = obeyLinePolicy;
    }

    /** On a protected line: BLOCK when the line's policy blocks high-risk ranges. */
    public static HighRiskRangeRule protectedLine() {
        return new HighRiskRangeRule(Verdict.BLOCK, true);
    }

    /** On an ordinary line: WARN. */
    public static HighRiskRangeRule ordinaryLine() {
        return new HighRiskRangeRule(Verdict.WARN, false);
    }

    @Override
    public Reason reason() {
        return Reason.HIGH_RISK_RANGE;
    }

    @Override
    public Verdict verdict() {
        return verdict;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.highRiskRange() && (!obeyLinePolicy || call.policy().blockHighRiskRanges());
    }

    @Override
    public String explain(CallFacts call) {
        String where = call.highRiskRange() ? "caller is in a high-risk range" : "caller is in no high-risk range";
        return obeyLinePolicy
                ? where + "; policy blockHighRiskRanges=" + call.policy().blockHighRiskRanges()
                : where;
    }
}
