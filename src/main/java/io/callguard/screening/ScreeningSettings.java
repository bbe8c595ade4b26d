package io.callguard.screening;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rule parameters, already normalised, so the rules need no configuration framework.
 *
 * @param globalAllowlist canonical callers that are always allowed (rule 2)
 * @param ordinaryBlocklistVerdict what a blocklisted caller gets on an ordinary line: BLOCK or WARN
 * @param highRiskPrefixes E.164 prefixes of high-risk ranges
 * @param velocityWarn distinct callees in the window from which a call is WARNed
 * @param velocityBlock distinct callees in the window from which a call to a protected line is BLOCKed
 * @param spoofedOrdinaryVerdict what rule I.b gives on an ordinary line: BLOCK or WARN
 */
public record ScreeningSettings(
        Set<String> globalAllowlist,
        Verdict ordinaryBlocklistVerdict,
        List<String> highRiskPrefixes,
        int velocityWarn,
        int velocityBlock,
        Verdict spoofedOrdinaryVerdict) {

    public ScreeningSettings {
        globalAllowlist = Set.copyOf(globalAllowlist);
        Objects.requireNonNull(ordinaryBlocklistVerdict, "ordinaryBlocklistVerdict");
        if (ordinaryBlocklistVerdict == Verdict.ALLOW) {
            throw new IllegalArgumentException("a blocklisted caller on an ordinary line must get BLOCK or WARN");
        }
        highRiskPrefixes = List.copyOf(highRiskPrefixes);
        Objects.requireNonNull(spoofedOrdinaryVerdict, "spoofedOrdinaryVerdict");
        if (spoofedOrdinaryVerdict == Verdict.ALLOW) {
            throw new IllegalArgumentException("a spoofed caller on an ordinary line must get BLOCK or WARN");
        }
        if (velocityWarn < 2 || velocityBlock < velocityWarn) {
            throw new IllegalArgumentException("velocity thresholds need 2 <= warn <= block, got warn=" + velocityWarn
                    + " block=" + velocityBlock);
        }
    }

    public boolean isHighRisk(String caller) {
        for (int i = 0; i < highRiskPrefixes.size(); i++) {
            if (caller.startsWith(highRiskPrefixes.get(i))) {
                return true;
            }
        }
        return false;
    }
}
