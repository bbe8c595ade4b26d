package io.callguard.screening;

/** Rule 3.4: an international call (by trunk, or by the caller's country code) when the policy blocks them. */
public final class InternationalRule implements Rule {

    @Override
    public Reason reason() {
        return Reason.INTERNATIONAL;
    }

    @Override
    public Verdict verdict() {
        return Verdict.BLOCK;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.policy().blockInternational() && isInternational(call);
    }

    static boolean isInternational(CallFacts call) {
        if (call.setup().origin() == Origin.INTERNATIONAL) {
            return true;
        }
        return call.caller() != null && call.callerCountry() != call.lineCountry();
    }

    @Override
    public String explain(CallFacts call) {
        return "origin=" + call.setup().origin() + ", caller country +" + call.callerCountry() + ", line country +"
                + call.lineCountry() + "; policy blockInternational="
                + call.policy().blockInternational();
    }
}
