package io.callguard.screening;

/**
 * Rule I.b: an international trunk presents a home-country number or a short code ({@code 110}, {@code 96110}) whose
 * owner is not registered abroad at the call's time. Fixed lines and short codes never roam, so they are always
 * spoofed there; a mobile subscriber who really is abroad passes through the roaming registry.
 */
public final class SpoofedFromAbroadRule implements IntegrityRule {

    private final Verdict verdict;

    public SpoofedFromAbroadRule(Verdict verdict) {
        this.verdict = verdict;
    }

    @Override
    public IntegrityCheck check() {
        return IntegrityCheck.FROM_ABROAD;
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
        return call.homeNumberFromAbroad();
    }

    @Override
    public String explain(CallFacts call) {
        if (call.setup().origin() != Origin.INTERNATIONAL) {
            return "origin=" + call.setup().origin() + ": not an international trunk";
        }
        if (call.caller() == null) {
            return "no usable caller number";
        }
        if (call.homeNumberFromAbroad()) {
            return call.caller() + " is a home-country number or short code on an international trunk and is not"
                    + " registered abroad at the call's time";
        }
        return call.roaming()
                ? call.caller() + " is registered abroad at the call's time"
                : call.caller() + " is not a home-country number";
    }
}
