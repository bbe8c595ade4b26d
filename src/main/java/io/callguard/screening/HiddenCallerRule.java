package io.callguard.screening;

/** Rule 3.3: a hidden caller (RESTRICTED, or no usable number) when the line's policy blocks them. */
public final class HiddenCallerRule implements Rule {

    @Override
    public Reason reason() {
        return Reason.HIDDEN_CALLER;
    }

    @Override
    public Verdict verdict() {
        return Verdict.BLOCK;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.hidden() && call.policy().blockHidden();
    }

    @Override
    public String explain(CallFacts call) {
        String who = call.hidden() ? "caller is hidden" : "caller is presented";
        return who + "; policy blockHidden=" + call.policy().blockHidden();
    }
}
