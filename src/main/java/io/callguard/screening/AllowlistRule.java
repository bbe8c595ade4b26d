package io.callguard.screening;

/** Rule 2: emergency and official lines, and explicit ALLOW entries, are never blocked. */
public final class AllowlistRule implements Rule {

    @Override
    public Reason reason() {
        return Reason.ALLOWLISTED;
    }

    @Override
    public Verdict verdict() {
        return Verdict.ALLOW;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.caller() != null && call.isAllowlisted();
    }

    @Override
    public String explain(CallFacts call) {
        if (call.caller() == null) {
            return "no usable caller number";
        }
        if (call.globallyAllowed()) {
            return call.caller() + " is on the global allowlist";
        }
        if (call.isAllowlisted()) {
            return "allow entry " + call.listed().key() + " is the longest match";
        }
        return call.caller() + " is on no allowlist";
    }
}
