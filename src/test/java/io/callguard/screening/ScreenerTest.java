package io.callguard.screening;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistView;
import io.callguard.blocklist.EntryAction;
import io.callguard.blocklist.EntryKind;
import io.callguard.blocklist.FraudCategory;
import io.callguard.lines.LinePolicy;
import io.callguard.lines.ProtectedLine;
import io.callguard.lines.ProtectedLinesView;
import io.callguard.lines.QuietHours;
import io.callguard.numbers.NumberNormalizer;
import io.callguard.roaming.RoamingEntry;
import io.callguard.roaming.RoamingView;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule in the README's order, without a broker. */
class ScreenerTest {

    static final String LINE = "+8613912345678";
    static final String FAMILY = "+8613800000001";
    static final String TRUSTED = "+862787654321";
    static final String STRANGER = "+8613600000000";
    static final String FRAUDSTER = "+8618600000666";
    static final String VIRTUAL = "+8617012345678";
    /** 2026-11-28 10:00 in Shanghai: outside quiet hours. */
    static final long DAYTIME = ZonedDateTime.of(2026, 11, 28, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai"))
            .toInstant()
            .toEpochMilli();
    /** 2026-11-28 23:30 in Shanghai: inside 22:00-07:00. */
    static final long NIGHT = DAYTIME + Duration.ofMinutes(13 * 60 + 30).toMillis();

    NumberNormalizer numbers = new NumberNormalizer("CN", 1000);
    BlocklistView blocklist = new BlocklistView(Clock.systemUTC(), Ticker.systemTicker());
    ProtectedLinesView lines = new ProtectedLinesView(new ObjectMapper());
    VelocityTracker velocity = new VelocityTracker(Duration.ofSeconds(60), 10, 10_000, Ticker.systemTicker());
    RoamingView roaming = new RoamingView(new ObjectMapper().findAndRegisterModules());
    Screener screener;

    @BeforeEach
    void setUp() {
        ScreeningSettings settings = new ScreeningSettings(
                Set.of("110", "120", "96110"), Verdict.BLOCK, List.of("+86170", "+86171"), 5, 10, Verdict.BLOCK);
        screener = new Screener(numbers, blocklist, lines, roaming, velocity, settings);
        lines.put(line(new LinePolicy(
                null, null, null, true, new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)), null, null, null)));
        blocklist.put(entry(EntryKind.NUMBER, FRAUDSTER, EntryAction.BLOCK));
    }

    @Test
    void screen_invalidCalledNumber_isInvalidEventAllowed() {
        Screening s = screener.screen(call(STRANGER, "not-a-number", DAYTIME));
        assertDecision(s, Verdict.ALLOW, Reason.INVALID_EVENT);
        assertThat(s.isInvalidEvent()).isTrue();
    }

    @Test
    void screen_emergencyCaller_isAllowlistedEvenIfBlocklisted() {
        blocklist.put(entry(EntryKind.NUMBER, "110", EntryAction.BLOCK));
        assertDecision(screener.screen(call("110", LINE, NIGHT)), Verdict.ALLOW, Reason.ALLOWLISTED);
    }

    @Test
    void screen_familyNumber_isTrustedEvenIfBlocklistedAndAtNight() {
        blocklist.put(entry(EntryKind.NUMBER, FAMILY, EntryAction.BLOCK));
        assertDecision(screener.screen(call(FAMILY, LINE, NIGHT)), Verdict.ALLOW, Reason.TRUSTED_CONTACT);
    }

    @Test
    void screen_trustedLandline_isTrusted() {
        assertDecision(screener.screen(call("02787654321", LINE, NIGHT)), Verdict.ALLOW, Reason.TRUSTED_CONTACT);
    }

    @Test
    void screen_blocklistedCallerToProtectedLine_isBlockedWithOtherMatchesListed() {
        Screening s = screener.screen(call(FRAUDSTER, LINE, NIGHT));
        assertThat(s.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(s.reasons()).containsExactly(Reason.BLOCKLISTED, Reason.QUIET_HOURS);
    }

    @Test
    void screen_hiddenCaller_isBlocked() {
        assertDecision(screener.screen(call(null, LINE, DAYTIME)), Verdict.BLOCK, Reason.HIDDEN_CALLER);
        CallSetup restricted = new CallSetup("c", STRANGER, LINE, DAYTIME, Presentation.RESTRICTED, null, null);
        assertDecision(screener.screen(restricted), Verdict.BLOCK, Reason.HIDDEN_CALLER);
        assertDecision(screener.screen(call("garbage", LINE, DAYTIME)), Verdict.BLOCK, Reason.HIDDEN_CALLER);
    }

    @Test
    void screen_hiddenCallerWhenPolicyAllowsHidden_isNotBlockedForIt() {
        lines.put(line(new LinePolicy(false, null, null, null, null, null, null, null)));
        assertDecision(screener.screen(call(null, LINE, DAYTIME)), Verdict.ALLOW, Reason.NO_MATCH);
    }

    @Test
    void screen_internationalByTrunkOrCountry_isBlocked() {
        // A home subscriber who really is abroad passes rule I.b; then the line's own rule blocks international calls.
        roaming.put(new RoamingEntry(STRANGER, "JP", Instant.ofEpochMilli(DAYTIME - 86_400_000L), null));
        CallSetup byTrunk = new CallSetup("c", STRANGER, LINE, DAYTIME, null, Origin.INTERNATIONAL, null);
        assertDecision(screener.screen(byTrunk), Verdict.BLOCK, Reason.INTERNATIONAL);
        assertDecision(screener.screen(call("+14155552671", LINE, DAYTIME)), Verdict.BLOCK, Reason.INTERNATIONAL);
    }

    @Test
    void screen_internationalToOrdinaryLine_isAllowed() {
        assertDecision(screener.screen(call("+14155552671", STRANGER, DAYTIME)), Verdict.ALLOW, Reason.NO_MATCH);
    }

    @Test
    void screen_highRiskRange_isBlockedOnProtectedAndWarnedOnOrdinary() {
        assertDecision(screener.screen(call(VIRTUAL, LINE, DAYTIME)), Verdict.BLOCK, Reason.HIGH_RISK_RANGE);
        assertDecision(screener.screen(call(VIRTUAL, STRANGER, DAYTIME)), Verdict.WARN, Reason.HIGH_RISK_RANGE);
    }

    @Test
    void screen_velocity_warnsFromFiveAndBlocksProtectedFromTen() {
        String dialler = "+8613300000001";
        // Callees 1..4: ALLOW; 5..9 on ordinary lines: WARN; the 10th distinct callee is the protected line: BLOCK.
        for (int i = 1; i <= 4; i++) {
            assertDecision(screener.screen(call(dialler, callee(i), DAYTIME + i)), Verdict.ALLOW, Reason.NO_MATCH);
        }
        for (int i = 5; i <= 9; i++) {
            assertDecision(screener.screen(call(dialler, callee(i), DAYTIME + i)), Verdict.WARN, Reason.HIGH_VELOCITY);
        }
        assertDecision(screener.screen(call(dialler, LINE, DAYTIME + 10)), Verdict.BLOCK, Reason.HIGH_VELOCITY);
    }

    @Test
    void screen_velocityAtWarnLevelOnProtectedLine_isWarned() {
        String dialler = "+8613300000002";
        for (int i = 1; i <= 4; i++) {
            screener.screen(call(dialler, callee(i), DAYTIME + i));
        }
        assertDecision(screener.screen(call(dialler, LINE, DAYTIME + 5)), Verdict.WARN, Reason.HIGH_VELOCITY);
    }

    @Test
    void screen_velocityWindowSlides_callsOlderThanWindowDoNotCount() {
        String dialler = "+8613300000003";
        for (int i = 1; i <= 9; i++) {
            screener.screen(call(dialler, callee(i), DAYTIME + i));
        }
        // 61 s later the earlier callees have left the window.
        assertDecision(screener.screen(call(dialler, LINE, DAYTIME + 61_000)), Verdict.ALLOW, Reason.NO_MATCH);
    }

    @Test
    void screen_unverifiedCallerWhenPolicyBlocks_isBlocked() {
        CallSetup c = new CallSetup("c", STRANGER, LINE, DAYTIME, null, null, Attestation.C);
        assertDecision(screener.screen(c), Verdict.BLOCK, Reason.UNVERIFIED_CALLER);
    }

    @Test
    void screen_insideQuietHoursAcrossMidnight_isBlocked() {
        assertDecision(screener.screen(call(STRANGER, LINE, NIGHT)), Verdict.BLOCK, Reason.QUIET_HOURS);
        long earlyMorning = NIGHT + Duration.ofHours(7).toMillis(); // 06:30
        assertDecision(screener.screen(call(STRANGER, LINE, earlyMorning)), Verdict.BLOCK, Reason.QUIET_HOURS);
        long after = NIGHT + Duration.ofHours(8).toMillis(); // 07:30
        assertDecision(screener.screen(call(STRANGER, LINE, after)), Verdict.ALLOW, Reason.NO_MATCH);
    }

    @Test
    void screen_ordinaryLineBlocklisted_isBlocked() {
        assertDecision(screener.screen(call(FRAUDSTER, STRANGER, DAYTIME)), Verdict.BLOCK, Reason.BLOCKLISTED);
    }

    @Test
    void screen_ordinaryLineBlocklistedWhenConfiguredToWarn_isWarned() {
        Screener warning = new Screener(
                numbers,
                blocklist,
                lines,
                roaming,
                velocity,
                new ScreeningSettings(Set.of(), Verdict.WARN, List.of(), 5, 10, Verdict.WARN));
        assertDecision(warning.screen(call(FRAUDSTER, STRANGER, DAYTIME)), Verdict.WARN, Reason.BLOCKLISTED);
    }

    @Test
    void screen_longestEntryWins_numberAllowBeatsPrefixBlock_andNumberBlockBeatsPrefixAllow() {
        blocklist.put(entry(EntryKind.PREFIX, "+8618800", EntryAction.BLOCK));
        blocklist.put(entry(EntryKind.NUMBER, "+8618800001234", EntryAction.ALLOW));
        blocklist.put(entry(EntryKind.PREFIX, "+86189", EntryAction.ALLOW));
        blocklist.put(entry(EntryKind.PREFIX, "+8618999", EntryAction.BLOCK));

        assertDecision(screener.screen(call("+8618800001234", STRANGER, DAYTIME)), Verdict.ALLOW, Reason.ALLOWLISTED);
        assertDecision(screener.screen(call("+8618800001235", STRANGER, DAYTIME)), Verdict.BLOCK, Reason.BLOCKLISTED);
        assertDecision(screener.screen(call("+8618912345678", STRANGER, DAYTIME)), Verdict.ALLOW, Reason.ALLOWLISTED);
        assertDecision(screener.screen(call("+8618999345678", STRANGER, DAYTIME)), Verdict.BLOCK, Reason.BLOCKLISTED);
    }

    @Test
    void screen_expiredEntry_doesNotExistAtLaterSetupTime() {
        String temp = "+8618600000777";
        blocklist.put(new BlocklistEntry(
                EntryKind.NUMBER,
                temp,
                EntryAction.BLOCK,
                FraudCategory.ROBOCALL,
                "temporary",
                "FRAUD_TEAM",
                "analyst",
                Instant.now(),
                Instant.now(),
                Instant.ofEpochMilli(System.currentTimeMillis() + 3_600_000)));
        long now = System.currentTimeMillis();
        assertDecision(screener.screen(call(temp, STRANGER, now)), Verdict.BLOCK, Reason.BLOCKLISTED);
        assertDecision(screener.screen(call(temp, STRANGER, now + 3_600_001)), Verdict.ALLOW, Reason.NO_MATCH);
    }

    @Test
    void explain_tracesEveryRule_andRecordsNothing() {
        String dialler = "+8613300000009";
        Explanation e = screener.explain(call(dialler, LINE, NIGHT));

        assertThat(e.decision()).isEqualTo(Verdict.BLOCK);
        assertThat(e.reasons()).containsExactly(Reason.QUIET_HOURS);
        assertThat(e.trace())
                .extracting(RuleTrace::reason)
                .contains(Reason.ALLOWLISTED, Reason.TRUSTED_CONTACT, Reason.BLOCKLISTED, Reason.QUIET_HOURS);
        assertThat(e.trace())
                .filteredOn(RuleTrace::deciding)
                .extracting(RuleTrace::reason)
                .containsExactly(Reason.QUIET_HOURS);
        assertThat(velocity.cache().getIfPresent(dialler))
                .as("explain must not touch velocity state")
                .isNull();
    }

    @Test
    void integrity_shortCodesFromAbroad_areSpoofed_onEveryLine() {
        for (String official : List.of("110", "96110")) {
            assertDecision(screener.screen(abroad(official, LINE, null)), Verdict.BLOCK, Reason.SPOOFED_NUMBER);
            assertDecision(screener.screen(abroad(official, STRANGER, null)), Verdict.BLOCK, Reason.SPOOFED_NUMBER);
        }
        assertDecision(screener.screen(call("110", LINE, DAYTIME)), Verdict.ALLOW, Reason.ALLOWLISTED);
    }

    @Test
    void integrity_spoofedOnOrdinaryLineWhenConfiguredToWarn_isWarned() {
        Screener warning = new Screener(
                numbers,
                blocklist,
                lines,
                roaming,
                velocity,
                new ScreeningSettings(Set.of("110"), Verdict.BLOCK, List.of(), 5, 10, Verdict.WARN));
        assertDecision(warning.screen(abroad(STRANGER, STRANGER, null)), Verdict.WARN, Reason.SPOOFED_NUMBER);
        assertDecision(warning.screen(abroad(STRANGER, LINE, null)), Verdict.BLOCK, Reason.SPOOFED_NUMBER);
    }

    @Test
    void integrity_unverifiedAllowlistedCaller_isBlockedOnProtectedAndWarnedElsewhere() {
        CallSetup toLine = new CallSetup("c", "96110", LINE, DAYTIME, null, Origin.DOMESTIC, Attestation.C);
        CallSetup toOrdinary = new CallSetup("c", "96110", STRANGER, DAYTIME, null, Origin.DOMESTIC, Attestation.C);
        CallSetup verified = new CallSetup("c", "96110", LINE, DAYTIME, null, Origin.DOMESTIC, Attestation.B);
        assertDecision(screener.screen(toLine), Verdict.BLOCK, Reason.SPOOFED_NUMBER);
        assertDecision(screener.screen(toOrdinary), Verdict.WARN, Reason.SPOOFED_NUMBER);
        assertDecision(screener.screen(verified), Verdict.ALLOW, Reason.ALLOWLISTED);
    }

    @Test
    void integrity_roamingMobile_passes_untilItsEntryExpires_butAFixedLineNeverRoams() {
        String mobile = "+8613700000042";
        roaming.put(new RoamingEntry(
                mobile, "TH", Instant.ofEpochMilli(DAYTIME - 3_600_000L), Instant.ofEpochMilli(DAYTIME + 60_000L)));
        roaming.put(new RoamingEntry(TRUSTED, "TH", Instant.ofEpochMilli(DAYTIME - 3_600_000L), null));

        assertDecision(screener.screen(abroad(mobile, STRANGER, null)), Verdict.ALLOW, Reason.NO_MATCH);
        CallSetup afterExpiry =
                new CallSetup("c", mobile, STRANGER, DAYTIME + 61_000L, null, Origin.INTERNATIONAL, null);
        assertDecision(screener.screen(afterExpiry), Verdict.BLOCK, Reason.SPOOFED_NUMBER);
        assertDecision(screener.screen(abroad(TRUSTED, STRANGER, null)), Verdict.BLOCK, Reason.SPOOFED_NUMBER);
    }

    @Test
    void integrity_familyNumberIsNotExempt_unlessItsOwnerIsAbroad() {
        Screening forged = screener.screen(abroad(FAMILY, LINE, null));
        assertDecision(forged, Verdict.BLOCK, Reason.SPOOFED_NUMBER);
        assertThat(forged.presentedNumber()).isEqualTo(FAMILY);

        roaming.put(new RoamingEntry(FAMILY, "DE", Instant.ofEpochMilli(DAYTIME - 1000), null));
        Screening real = screener.screen(abroad(FAMILY, LINE, null));
        assertDecision(real, Verdict.ALLOW, Reason.TRUSTED_CONTACT);
        assertThat(real.presentedNumber()).isNull();
    }

    @Test
    void integrity_doNotOriginate_beatsTheGlobalAllowlist_andNamesItsEntry() {
        blocklist.put(entry(EntryKind.NUMBER, "120", EntryAction.DNO));
        blocklist.put(entry(EntryKind.PREFIX, "+86400800", EntryAction.DNO));

        Screening shortCode = screener.screen(call("120", STRANGER, DAYTIME));
        assertDecision(shortCode, Verdict.BLOCK, Reason.DO_NOT_ORIGINATE);
        assertThat(shortCode.matchedEntry().key()).isEqualTo("120");
        assertThat(shortCode.presentedNumber()).isEqualTo("120");
        Screening inRange = screener.screen(call("+864008001234", LINE, DAYTIME));
        assertDecision(inRange, Verdict.BLOCK, Reason.DO_NOT_ORIGINATE);
        assertThat(inRange.matchedEntry().key()).isEqualTo("prefix:+86400800");
    }

    @Test
    void decision_namesTheEntryThatDecided_andOnlyThen() {
        blocklist.put(entry(EntryKind.NUMBER, "+8618800002222", EntryAction.ALLOW));
        assertThat(screener.screen(call(FRAUDSTER, STRANGER, DAYTIME))
                        .matchedEntry()
                        .key())
                .isEqualTo(FRAUDSTER);
        assertThat(screener.screen(call("+8618800002222", LINE, DAYTIME))
                        .matchedEntry()
                        .key())
                .isEqualTo("+8618800002222");
        assertThat(screener.screen(call("110", LINE, DAYTIME)).matchedEntry())
                .as("the configured allowlist is no entry")
                .isNull();
        assertThat(screener.screen(call(STRANGER, STRANGER, DAYTIME)).matchedEntry())
                .isNull();
        assertThat(screener.screen(call(STRANGER, STRANGER, DAYTIME)).presentedNumber())
                .isNull();
        assertThat(screener.screen(call("garbage", STRANGER, DAYTIME)).presentedNumber())
                .isEqualTo("garbage");
    }

    private static CallSetup abroad(String caller, String called, Attestation attestation) {
        return new CallSetup("c-abroad", caller, called, DAYTIME, null, Origin.INTERNATIONAL, attestation);
    }

    private static String callee(int i) {
        return String.format("+86135000000%02d", i);
    }

    private static void assertDecision(Screening s, Verdict verdict, Reason reason) {
        assertThat(s.verdict()).as("verdict, reasons " + s.reasons()).isEqualTo(verdict);
        assertThat(s.decidingReason()).isEqualTo(reason);
    }

    private static CallSetup call(String caller, String called, long at) {
        return new CallSetup("c-" + at, caller, called, at, null, null, null);
    }

    private static ProtectedLine line(LinePolicy policy) {
        return new ProtectedLine(LINE, List.of(FAMILY), List.of(TRUSTED), policy, "admin", Instant.now());
    }

    private static BlocklistEntry entry(EntryKind kind, String value, EntryAction action) {
        return new BlocklistEntry(
                kind,
                value,
                action,
                FraudCategory.IMPERSONATION,
                "test",
                "FRAUD_TEAM",
                "analyst",
                Instant.now(),
                Instant.now(),
                null);
    }
}
