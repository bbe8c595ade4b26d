package io.callguard.screening;

/** Rule 3.1: a line's family and trusted numbers always get through, whatever else they match. */
public final class TrustedContactRule implements Rule {

    @Override
    public Reason reason() {
        return Reason.TRUSTED_CONTACT;
    }

    @Override
    public Verdict verdict() {
        return Verdict.ALLOW;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.caller() != null && call.line() != null && call.line().isTrusted(call.caller());
    }

    @Override
    public String explain(CallFacts call) {
        if (call.caller() == null) {
            return "no usable caller number";
        }
        if (call.line().familyNumbers().contains(call.caller())) {
            return call.caller() + " is a bound family number";
        }
        if (call.line().trustedNumbers().contains(call.caller())) {
            return call.caller() + " is a trusted number of the line";
        }
        return call.caller() + " is neither family nor trusted";
    }
}
