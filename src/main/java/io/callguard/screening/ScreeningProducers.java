package io.callguard.screening;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import io.callguard.blocklist.BlocklistState;
import io.callguard.config.CallguardConfig;
import io.callguard.lines.LinesState;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.roaming.RoamingState;

/** Wires the pure screening classes from configuration. */
@ApplicationScoped
public class ScreeningProducers {

    @Produces
    @Singleton
    public ScreeningSettings settings(CallguardConfig config, NumberNormalizer numbers) {
        CallguardConfig.Rules rules = config.rules();
        Set<String> allowlist = new HashSet<>();
        for (String raw : rules.globalAllowlist()) {
            String canonical = numbers.canonicalOrNull(raw.trim());
            if (canonical == null) {
                throw new IllegalArgumentException("callguard.rules.global-allowlist: '" + raw + "' is not a number");
            }
            allowlist.add(canonical);
        }
        List<String> highRisk =
                rules.highRiskPrefixes().stream().map(String::trim).toList();
        for (String prefix : highRisk) {
            if (!prefix.matches("\\+[1-9]\\d{1,14}")) {
                throw new IllegalArgumentException(
                        "callguard.rules.high-risk-prefixes: '" + prefix + "' is not '+' and 2-15 digits");
            }
        }
        return new ScreeningSettings(
                allowlist,
                Verdict.valueOf(rules.ordinaryLineBlocklistAction().trim().toUpperCase()),
                highRisk,
                rules.velocity().warnThreshold(),
                rules.velocity().blockThreshold(),
                Verdict.valueOf(rules.spoofedOrdinaryLineAction().trim().toUpperCase()));
    }

    @Produces
    @Singleton
    public VelocityTracker velocity(CallguardConfig config, Ticker ticker, MeterRegistry registry) {
        CallguardConfig.Rules.Velocity v = config.rules().velocity();
        VelocityTracker tracker = new VelocityTracker(v.window(), v.blockThreshold(), v.maxTrackedCallers(), ticker);
        CaffeineCacheMetrics.monitor(registry, tracker.cache(), "callguard_velocity");
        return tracker;
    }

    @Produces
    @Singleton
    public Screener screener(
            NumberNormalizer numbers,
            BlocklistState blocklist,
            LinesState lines,
            RoamingState roaming,
            VelocityTracker velocity,
            ScreeningSettings settings) {
        return new Screener(numbers, blocklist.view(), lines.view(), roaming.view(), velocity, settings);
    }
}
