package io.callguard.screening;

/**
 * Rule I.c: attestation C (the caller ID is not verified) on a caller that the allowlist would let through. The
 * allowlist trusts the number, so an unverified claim to be that number does not get its protection: 110 calling with
 * attestation C is more likely a fraudster posing as the police than the police.
 */
public final class UnverifiedAllowlistedRule implements IntegrityRule {

    private final Verdict verdict;

    public UnverifiedAllowlistedRule(Verdict verdict) {
        this.verdict = verdict;
    }

    @Override
    public IntegrityCheck check() {
        return IntegrityCheck.UNVERIFIED_ALLOWLISTED;
    }

    @Override
    public Reason reason() {
        return Reason.SPOOFED_NUMBER;
    }

    @Override
    public Verdict verdict() {
        return verdict;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.caller() != null && call.setup().attestation() == Attestation.C && call.isAllowlisted();
    }

    @Override
    public String explain(CallFacts call) {
        if (call.caller() == null) {
            return "no usable caller number";
        }
        return "attestation=" + call.setup().attestation() + "; caller allowlisted=" + call.isAllowlisted();
    }
}
