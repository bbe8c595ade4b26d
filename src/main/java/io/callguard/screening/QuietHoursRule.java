package io.callguard.screening;

/** Rule 3.8: the line's local time at setup falls inside its quiet hours. */
public final class QuietHoursRule implements Rule {

    @Override
    public Reason reason() {
        return Reason.QUIET_HOURS;
    }

    @Override
    public Verdict verdict() {
        return Verdict.BLOCK;
    }

    @Override
    public boolean matches(CallFacts call) {
        var quiet = call.policy().quietHours();
        return quiet != null && quiet.contains(call.localTime());
    }

    @Override
    public String explain(CallFacts call) {
        var quiet = call.policy().quietHours();
        if (quiet == null) {
            return "line has no quiet hours";
        }
        return "line-local time " + call.localTime() + " in " + call.policy().timeZone() + "; quiet hours "
                + quiet.from() + "-" + quiet.to();
    }
}
