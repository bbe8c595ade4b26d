package io.callguard.screening;

/** One screening rule: a condition on the call's facts and the answer it gives when it matches. */
public interface Rule {

    Reason reason();

    Verdict verdict();

    boolean matches(CallFacts call);

    /** Why the rule did or did not match, for the explain trace. Not on the hot path. */
    String explain(CallFacts call);
}
