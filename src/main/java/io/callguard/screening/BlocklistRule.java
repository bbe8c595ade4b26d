package io.callguard.screening;

/** Rules 3.2 and 4: the caller's longest blocklist match is a BLOCK entry. */
public final class BlocklistRule implements Rule {

    private final Verdict verdict;

    public BlocklistRule(Verdict verdict) {
        this.verdict = verdict;
    }

    @Override
    public Reason reason() {
        return Reason.BLOCKLISTED;
    }

    @Override
    public Verdict verdict() {
        return verdict;
    }

    @Override
    public boolean matches(CallFacts call) {
        return call.isBlocklisted();
    }

    @Override
    public String explain(CallFacts call) {
        if (call.caller() == null) {
            return "no usable caller number";
        }
        if (call.listed() == null) {
            return call.caller() + " matches no live blocklist entry";
        }
        var e = call.listed();
        return "entry " + e.key() + " (" + e.action() + ", " + e.category() + ", source " + e.source() + ", by "
                + e.createdBy() + ", reason '" + e.reason() + "'"
                + (e.expiresAt() == null ? "" : ", until " + e.expiresAt())
                + ") is the longest match";
    }
}
