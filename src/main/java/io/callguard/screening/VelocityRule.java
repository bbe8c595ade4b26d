package io.callguard.screening;

/** Rules 3.6, 3.9 and 4: the caller reached a number of distinct callees in the sliding window. */
public final class VelocityRule implements Rule {

    private final Verdict verdict;
    private final int threshold;

    public VelocityRule(Verdict verdict, int threshold) {
        this.verdict = verdict;
        this.threshold = threshold;
    }

    @Override
    public Reason reason() {
        return Reason.HIGH_VELOCITY;
    }

    @Override
    public Verdict verdict() {
        return verdict;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.distinctCallees() >= threshold;
    }

    @Override
    public String explain(CallFacts call) {
        return "caller reached " + call.distinctCallees() + " distinct callees in the window; " + verdict + " from "
                + threshold;
    }
}
