package io.callguard.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistView;
import io.callguard.lines.ProtectedLine;
import io.callguard.lines.ProtectedLinesView;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.roaming.RoamingView;

/**
 * Decides ALLOW, WARN or BLOCK for one call: the one place where the rule order (README, "Decision rules") lives.
 * Pure: no Kafka, no network, no wall clock; the pipeline and the explain endpoint share it.
 */
public final class Screener {

    private final NumberNormalizer numbers;
    private final BlocklistView blocklist;
    private final ProtectedLinesView lines;
    private final RoamingView roaming;
    private final VelocityTracker velocity;
    private final ScreeningSettings settings;
    private final List<Rule> protectedLineRules;
    private final List<Rule> ordinaryLineRules;
    /** Both rule lists start with the rules of rule I, in this number. */
    private static final int INTEGRITY_RULES = 3;

    public Screener(
            NumberNormalizer numbers,
            BlocklistView blocklist,
            ProtectedLinesView lines,
            RoamingView roaming,
            VelocityTracker velocity,
            ScreeningSettings settings) {
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
        this.lines = Objects.requireNonNull(lines, "lines");
        this.roaming = Objects.requireNonNull(roaming, "roaming");
        this.velocity = Objects.requireNonNull(velocity, "velocity");
        this.settings = Objects.requireNonNull(settings, "settings");
        Rule allowlist = new AllowlistRule();
        // Rule I (caller-ID integrity), rule 2 (allowlist), then rule 3, in README order: the first match decides.
        this.protectedLineRules = List.of(
                new DoNotOriginateRule(),
                new SpoofedFromAbroadRule(Verdict.BLOCK),
                new UnverifiedAllowlistedRule(Verdict.BLOCK),
                allowlist,
                new TrustedContactRule(),
                new BlocklistRule(Verdict.BLOCK),
                new ReportedRule(Verdict.BLOCK),
                new HiddenCallerRule(),
                new InternationalRule(),
                HighRiskRangeRule.protectedLine(),
                new VelocityRule(Verdict.BLOCK, settings.velocityBlock()),
                new UnverifiedCallerRule(),
                new QuietHoursRule(),
                new VelocityRule(Verdict.WARN, settings.velocityWarn()));
        // Rule I, rule 2, then rule 4.
        this.ordinaryLineRules = List.of(
                new DoNotOriginateRule(),
                new SpoofedFromAbroadRule(settings.spoofedOrdinaryVerdict()),
                new UnverifiedAllowlistedRule(Verdict.WARN),
                allowlist,
                new BlocklistRule(settings.ordinaryBlocklistVerdict()),
                new ReportedRule(Verdict.WARN),
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
                s.verdict(),
                s.reasons(),
                s.caller(),
                s.called(),
                s.isProtectedLine(),
                s.presentedNumber(),
                MatchedEntry.of(s.matchedEntry()),
                distinct,
                List.copyOf(trace));
    }

    private Screening evaluate(CallSetup setup, boolean record, List<RuleTrace> trace, CallFacts[] factsOut) {
        String called = numbers.canonicalOrNull(setup.calledNumber());
        if (called == null) {
            if (trace != null) {
                trace.add(new RuleTrace(
                        "ValidEvent", Reason.INVALID_EVENT, Verdict.ALLOW, true, true, "calledNumber is not a number"));
            }
            return Screening.invalid(
                    setup.calledNumber(),
                    setup.callingNumber(),
                    "calledNumber '" + setup.calledNumber() + "' is not a valid number");
        }
        CallFacts facts = factsOf(setup, called, record);
        if (factsOut != null) {
            factsOut[0] = facts;
        }
        List<Rule> rules = facts.line() != null ? protectedLineRules : ordinaryLineRules;
        // Rule I can only match a listed, international or unverified caller: most calls skip its three checks.
        int first = trace == null && !facts.mayBeSpoofed() ? INTEGRITY_RULES : 0;
        Rule deciding = null;
        List<Reason> others = null;
        for (int i = first; i < rules.size(); i++) {
            Rule rule = rules.get(i);
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
            } else if (deciding.verdict() != Verdict.ALLOW
                    && rule.verdict() != Verdict.ALLOW
                    && rule.reason() != deciding.reason()) {
                if (others == null) {
                    others = new ArrayList<>(4);
                }
                if (!others.contains(rule.reason())) {
                    others.add(rule.reason());
                }
            }
        }
        if (deciding == null) {
            return screening(Verdict.ALLOW, Reason.NO_MATCH.alone(), facts, null);
        }
        if (others == null) {
            return screening(deciding.verdict(), deciding.reason().alone(), facts, deciding);
        }
        List<Reason> reasons = new ArrayList<>(others.size() + 1);
        reasons.add(deciding.reason());
        reasons.addAll(others);
        return screening(deciding.verdict(), List.copyOf(reasons), facts, deciding);
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
        // Roaming matters only to rule I.b, on international trunks: domestic calls never look it up.
        boolean fromAbroad = caller != null && setup.origin() == Origin.INTERNATIONAL;
        boolean roamingNow = fromAbroad && numbers.canRoam(caller) && roaming.isRoamingAt(caller, at);
        boolean homeNumberFromAbroad = fromAbroad && numbers.isHomeNumber(caller) && !roamingNow;
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
                line == null ? 0 : numbers.countryCodeOf(called),
                homeNumberFromAbroad,
                roamingNow);
    }

    private static Screening screening(Verdict verdict, List<Reason> reasons, CallFacts facts, Rule deciding) {
        // Support needs the number as presented whenever it was unusable or forged, to answer "why was it blocked?".
        String presented =
                facts.caller() == null || isIntegrity(reasons) ? facts.setup().callingNumber() : null;
        BlocklistEntry entry = decidedByEntry(deciding, facts) ? facts.listed() : null;
        IntegrityCheck check = deciding instanceof IntegrityRule integrity ? integrity.check() : null;
        return new Screening(
                verdict, reasons, facts.caller(), facts.called(), facts.line(), null, presented, entry, check);
    }

    private static boolean isIntegrity(List<Reason> reasons) {
        for (int i = 0; i < reasons.size(); i++) {
            Reason r = reasons.get(i);
            if (r == Reason.DO_NOT_ORIGINATE || r == Reason.SPOOFED_NUMBER) {
                return true;
            }
        }
        return false;
    }

    /** Whether a list entry (not the configured allowlist, not a rule of the line) decided. */
    private static boolean decidedByEntry(Rule deciding, CallFacts facts) {
        if (deciding == null || facts.listed() == null) {
            return false;
        }
        return switch (deciding.reason()) {
            case BLOCKLISTED, REPORTED, DO_NOT_ORIGINATE -> true;
            case ALLOWLISTED -> !facts.globallyAllowed();
            default -> false;
        };
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
