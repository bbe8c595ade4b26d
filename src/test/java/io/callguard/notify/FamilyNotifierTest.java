package io.callguard.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import io.callguard.lines.LinePolicy;
import io.callguard.lines.ProtectedLine;
import io.callguard.screening.Reason;
import io.callguard.screening.Screening;
import io.callguard.screening.Verdict;
import io.callguard.testing.FakeTime;

import static org.assertj.core.api.Assertions.assertThat;

class FamilyNotifierTest {

    static final ProtectedLine LINE = new ProtectedLine(
            "+8613912345678", List.of("+8613800000001", "+8613800000002"), List.of(), null, "admin", Instant.now());
    static final String FRAUDSTER = "+8617012345678";

    FamilyNotifier notifier = new FamilyNotifier(Duration.ofMinutes(10), 1000, false, Ticker.systemTicker());

    @Test
    void onScreened_twentyRedials_oneSentThenNextAfterWindowCarriesTheCount() {
        long t0 = 1_764_340_000_000L;
        Notification first = notifier.onScreened("c-0", blocked(Reason.BLOCKLISTED), t0);
        int sentInWindow = 0;
        for (int i = 1; i < 20; i++) {
            if (notifier.onScreened("c-" + i, blocked(Reason.BLOCKLISTED), t0 + i * 10_000L) != null) {
                sentInWindow++;
            }
        }
        Notification afterWindow = notifier.onScreened(
                "c-20", blocked(Reason.BLOCKLISTED), t0 + Duration.ofMinutes(11).toMillis());

        assertThat(first).isNotNull();
        assertThat(first.suppressedRepeats()).isZero();
        assertThat(first.recipients()).containsExactly("+8613800000001", "+8613800000002");
        assertThat(sentInWindow).isZero();
        assertThat(afterWindow).isNotNull();
        assertThat(afterWindow.suppressedRepeats()).isEqualTo(19);
        assertThat(notifier.suppressedCount()).isEqualTo(19);
    }

    @Test
    void onScreened_sameCallAgain_repeatsTheSameNotification() {
        Notification a = notifier.onScreened("c-x", blocked(Reason.HIDDEN_CALLER), 1000);
        Notification b = notifier.onScreened("c-x", blocked(Reason.HIDDEN_CALLER), 1000);
        assertThat(b).isEqualTo(a);
        assertThat(a.notificationId()).isEqualTo(Notification.idFor("c-x"));
    }

    @Test
    void onScreened_quietHoursAndWarnAndAllow_doNotNotifyByDefault() {
        assertThat(notifier.onScreened("q", blocked(Reason.QUIET_HOURS), 1000)).isNull();
        Screening warn = new Screening(
                Verdict.WARN, Reason.HIGH_VELOCITY.alone(), FRAUDSTER, LINE.line(), LINE, null, null, null, null);
        assertThat(notifier.onScreened("w", warn, 1000)).isNull();
        Screening allow = new Screening(
                Verdict.ALLOW, Reason.NO_MATCH.alone(), FRAUDSTER, LINE.line(), LINE, null, null, null, null);
        assertThat(notifier.onScreened("a", allow, 1000)).isNull();
    }

    @Test
    void onScreened_warnWhenPolicyAsks_notifies() {
        ProtectedLine asks = new ProtectedLine(
                LINE.line(),
                LINE.familyNumbers(),
                List.of(),
                new LinePolicy(null, null, null, null, null, null, null, true),
                "admin",
                Instant.now());
        Screening warn = new Screening(
                Verdict.WARN, Reason.HIGH_VELOCITY.alone(), FRAUDSTER, asks.line(), asks, null, null, null, null);
        assertThat(notifier.onScreened("w", warn, 1000)).isNotNull();
    }

    private static Screening blocked(Reason reason) {
        return new Screening(Verdict.BLOCK, reason.alone(), FRAUDSTER, LINE.line(), LINE, null, null, null, null);
    }

    @Test
    void rebuild_restoresTheWindow_withoutCountingAnythingAsSent() {
        long t0 = 1_764_340_000_000L;
        notifier.rebuild("c-old", blocked(Reason.BLOCKLISTED), t0);

        Notification repeat = notifier.onScreened(
                "c-new", blocked(Reason.BLOCKLISTED), t0 + Duration.ofMinutes(5).toMillis());

        assertThat(repeat)
                .as("suppressed: the replayed call was notified before the restart")
                .isNull();
        assertThat(notifier.sentCount()).isZero();
        assertThat(notifier.suppressedCount()).isEqualTo(1);
    }

    @Test
    void pairsIdleLongerThanTheRetention_areFreed() {
        FakeTime time = new FakeTime(Instant.parse("2026-11-29T10:00:00Z"));
        FamilyNotifier n = new FamilyNotifier(Duration.ofMinutes(10), 1000, false, time);
        n.onScreened("c-1", blocked(Reason.BLOCKLISTED), 1_000);
        n.cache().cleanUp();
        assertThat(n.cache().estimatedSize()).isEqualTo(1);

        time.advance(Duration.ofMinutes(61));
        n.cache().cleanUp();

        assertThat(n.cache().estimatedSize()).isZero();
    }
}
