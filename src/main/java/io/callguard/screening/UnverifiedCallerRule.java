package io.callguard.screening;

/** Rule 3.7: STIR/SHAKEN attestation C (gateway, caller id not verified) when the policy blocks those. */
public final class UnverifiedCallerRule implements Rule {

    @Override
    public Reason reason() {
        return Reason.UNVERIFIED_CALLER;
    }

    @Override
    public Verdict verdict() {
        return Verdict.BLOCK;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.setup().attestation() == Attestation.C && call.policy().blockUnverified();
    }

    @Override
    public String explain(CallFacts call) {
        return "attestation=" + call.setup().attestation() + "; policy blockUnverified="
                + call.policy().blockUnverified();
    }
}
