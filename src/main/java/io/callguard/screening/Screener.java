package io.callguard.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.callguard.blocklist.BlocklistView;
import io.callguard.lines.ProtectedLine;
import io.callguard.lines.ProtectedLinesView;
import io.callguard.numbers.NumberNormalizer;

/**
 * Decides ALLOW, WARN or BLOCK for one call: the one place where the rule order of DESIGN.md lives. Pure: no Kafka, no
 * network, no wall clock; the pipeline and the explain endpoint share it.
 */
public final class Screener {

    private final NumberNormalizer numbers;
    private final BlocklistView blocklist;
    private final ProtectedLinesView lines;
    private final VelocityTracker velocity;
    private final ScreeningSettings settings;
    private final Rule allowlist = new AllowlistRule();
    private final List<Rule> protectedLineRules;
    private final List<Rule> ordinaryLineRules;

    public Screener(
            NumberNormalizer numbers,
            BlocklistView blocklist,
            ProtectedLinesView lines,
            VelocityTracker velocity,
            ScreeningSettings settings) {
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
        this.lines = Objects.requireNonNull(lines, "lines");
        this.velocity = Objects.requireNonNull(velocity, "velocity");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Rule 3, in DESIGN.md order: first match decides.
        this.protectedLineRules = List.of(
                new TrustedContactRule(),
                new BlocklistRule(Verdict.BLOCK),
                new HiddenCallerRule(),
                new InternationalRule(),
                HighRiskRangeRule.protectedLine(),
                new VelocityRule(Verdict.BLOCK, settings.velocityBlock()),
                new UnverifiedCallerRule(),
                new QuietHoursRule(),
                new VelocityRule(Verdict.WARN, settings.velocityWarn()));
        // Rule 4.
        this.ordinaryLineRules = List.of(
                new BlocklistRule(settings.ordinaryBlocklistVerdict()),
                new VelocityRule(Verdict.WARN, settings.velocityWarn()),
                HighRiskRangeRule.ordinaryLine());
    }

    /** Screens a call and records it in the caller's velocity window. */
    public Screening screen(CallSetup setup) {
        return evaluate(setup, true, null, null);
    }

    /** Screens a call as {@link #screen} would now, without recording anything, and traces every rule. */
    public Explanation explain(CallSetup setup) {
        List<RuleTrace> trace = new ArrayList<>();
        CallFacts[] facts = new CallFacts[1];
        Screening s = evaluate(setup, false, trace, facts);
        int distinct = facts[0] == null ? 0 : facts[0].distinctCallees();
        return new Explanation(
                s.verdict(), s.reasons(), s.caller(), s.called(), s.isProtectedLine(), distinct, List.copyOf(trace));
    }

    private Screening evaluate(CallSetup setup, boolean record, List<RuleTrace> trace, CallFacts[] factsOut) {
        String called = numbers.canonicalOrNull(setup.calledNumber());
        if (called == null) {
            if (trace != null) {
                trace.add(new RuleTrace(
                        "ValidEvent", Reason.INVALID_EVENT, Verdict.ALLOW, true, true, "calledNumber is not a number"));
            }
            return Screening.invalid(
                    setup.calledNumber(), "calledNumber '" + setup.calledNumber() + "' is not a valid number");
        }
        CallFacts facts = factsOf(setup, called, record);
        if (factsOut != null) {
            factsOut[0] = facts;
        }
        boolean allowlisted = allowlist.matches(facts);
        traceRule(trace, allowlist, facts, allowlisted, allowlisted);
        if (allowlisted) {
            return screening(Verdict.ALLOW, Reason.ALLOWLISTED.alone(), facts);
        }
        List<Rule> rules = facts.line() != null ? protectedLineRules : ordinaryLineRules;
        Rule deciding = null;
        List<Reason> others = null;
        for (Rule rule : rules) {
            boolean matched = rule.matches(facts);
            traceRule(trace, rule, facts, matched, matched && deciding == null);
            if (!matched) {
                continue;
            }
            if (deciding == null) {
                deciding = rule;
                if (rule.verdict() == Verdict.ALLOW && trace == null) {
                    break;
                }
            } else if (deciding.verdict() != Verdict.ALLOW && rule.reason() != deciding.reason()) {
                if (others == null) {
                    others = new ArrayList<>(4);
                }
                if (!others.contains(rule.reason())) {
                    others.add(rule.reason());
                }
            }
        }
        if (deciding == null) {
            return screening(Verdict.ALLOW, Reason.NO_MATCH.alone(), facts);
        }
        if (others == null) {
            return screening(deciding.verdict(), deciding.reason().alone(), facts);
        }
        List<Reason> reasons = new ArrayList<>(others.size() + 1);
        reasons.add(deciding.reason());
        reasons.addAll(others);
        return screening(deciding.verdict(), List.copyOf(reasons), facts);
    }

    private CallFacts factsOf(CallSetup setup, String called, boolean record) {
        String caller = numbers.canonicalOrNull(setup.callingNumber());
        boolean hidden = caller == null || setup.presentation() == Presentation.RESTRICTED;
        ProtectedLine line = lines.get(called);
        long at = setup.setupTime();
        int distinct = 0;
        if (caller != null) {
            long calleeId = VelocityTracker.calleeId(called);
            distinct = record ? velocity.record(caller, calleeId, at) : velocity.peek(caller, calleeId, at);
        }
        return new CallFacts(
                setup,
                caller,
                hidden,
                called,
                line,
                caller == null ? null : blocklist.longestMatch(caller, at),
                caller != null && settings.globalAllowlist().contains(caller),
                caller != null && settings.isHighRisk(caller),
                distinct,
                // Countries matter only to the international rule of protected lines.
                caller == null || line == null ? 0 : numbers.countryCodeOf(caller),
                line == null ? 0 : numbers.countryCodeOf(called));
    }

    private static Screening screening(Verdict verdict, List<Reason> reasons, CallFacts facts) {
        return new Screening(verdict, reasons, facts.caller(), facts.called(), facts.line(), null);
    }

    private static void traceRule(
            List<RuleTrace> trace, Rule rule, CallFacts facts, boolean matched, boolean deciding) {
        if (trace != null) {
            trace.add(new RuleTrace(
                    rule.getClass().getSimpleName(),
                    rule.reason(),
                    rule.verdict(),
                    matched,
                    deciding,
                    rule.explain(facts)));
        }
    }
}
