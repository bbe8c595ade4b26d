package io.callguard.screening;

/** Rule I.a: the caller's longest list match is a Do-Not-Originate entry, so the caller ID is forged. */
public final class DoNotOriginateRule implements IntegrityRule {

    @Override
    public IntegrityCheck check() {
        return IntegrityCheck.DO_NOT_ORIGINATE;
    }

    @Override
    public Reason reason() {
        return Reason.DO_NOT_ORIGINATE;
    }

    @Override
    public Verdict verdict() {
        return Verdict.BLOCK;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.caller() != null && call.isDoNotOriginate();
    }

    @Override
    public String explain(CallFacts call) {
        if (call.caller() == null) {
            return "no usable caller number";
        }
        if (call.isDoNotOriginate()) {
            return "DNO entry " + call.listed().key() + " (source "
                    + call.listed().source() + ", reason '" + call.listed().reason()
                    + "') is the longest match: this number never places calls";
        }
        return call.caller() + " matches no Do-Not-Originate entry";
    }
}
