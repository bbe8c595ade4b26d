package io.callguard.notify;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.callguard.lines.LinePolicy;
import io.callguard.screening.Reason;
import io.callguard.screening.Screening;
import io.callguard.screening.Verdict;

/**
 * Decides whether a screened call notifies the line's family, and de-duplicates: a fraudster redialling fifty times
 * yields one message, and the next one after the window says how many were suppressed.
 *
 * <p>The window runs on the events' setup times, so replays and tests behave the same as live traffic. The pair state
 * is bounded in count and reclaimed by Caffeine after long inactivity.
 */
public final class FamilyNotifier {

    private static final String HIDDEN = "hidden";

    private final long windowMillis;
    private final boolean notifyOnQuietHours;
    private final Cache<String, PairState> pairs;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public FamilyNotifier(Duration window, long maxPairs, boolean notifyOnQuietHours, Ticker ticker) {
        this.windowMillis = window.toMillis();
        this.notifyOnQuietHours = notifyOnQuietHours;
        // Kept well past the window so a suppressed count survives a pause in the redials.
        Duration retention = window.multipliedBy(6).compareTo(Duration.ofHours(1)) > 0
                ? window.multipliedBy(6)
                : Duration.ofHours(1);
        this.pairs = Caffeine.newBuilder()
                .maximumSize(maxPairs)
                .expireAfterAccess(retention)
                .ticker(ticker)
                .recordStats()
                .build();
    }

    /** The notification this screened call produces, or {@code null} if none is due. */
    public Notification onScreened(String callId, Screening screening, long setupTime) {
        return decide(callId, screening, setupTime, true);
    }

    /**
     * Replays an already-answered call into the de-duplication state (after a restart or rebalance) without counting
     * it: it was counted, and notified, the first time.
     */
    public void rebuild(String callId, Screening screening, long setupTime) {
        decide(callId, screening, setupTime, false);
    }

    private Notification decide(String callId, Screening screening, long setupTime, boolean count) {
        if (!wantsNotification(screening)) {
            return null;
        }
        String caller = screening.caller() == null ? HIDDEN : screening.caller();
        PairState state = pairs.get(screening.line().line() + '|' + caller, k -> new PairState());
        int carried;
        synchronized (state) {
            if (callId.equals(state.lastCallId)) {
                // The same call again (a retried batch): repeat the same notification, count nothing.
                carried = state.lastCarried;
            } else if (state.lastCallId != null && setupTime - state.lastSentAt < windowMillis) {
                state.suppressedSinceLast++;
                if (count) {
                    suppressed.incrementAndGet();
                }
                return null;
            } else {
                carried = state.suppressedSinceLast;
                state.suppressedSinceLast = 0;
                state.lastSentAt = setupTime;
                state.lastCallId = callId;
                state.lastCarried = carried;
                if (count) {
                    sent.incrementAndGet();
                }
            }
        }
        return new Notification(
                Notification.idFor(callId),
                screening.line().line(),
                screening.line().familyNumbers(),
                screening.caller(),
                callId,
                screening.verdict(),
                screening.decidingReason(),
                setupTime,
                carried);
    }

    private boolean wantsNotification(Screening s) {
        if (s.line() == null || s.isInvalidEvent()) {
            return false;
        }
        LinePolicy policy = s.line().policy();
        if (!policy.notifyFamily()) {
            return false;
        }
        if (s.decidingReason() == Reason.QUIET_HOURS && !notifyOnQuietHours) {
            return false;
        }
        return s.verdict() == Verdict.BLOCK || (s.verdict() == Verdict.WARN && policy.notifyOnWarn());
    }

    public long sentCount() {
        return sent.get();
    }

    public long suppressedCount() {
        return suppressed.get();
    }

    public Cache<String, PairState> cache() {
        return pairs;
    }

    /** Per (line, caller): when the last notification went out and what has been held back since. */
    static final class PairState {
        long lastSentAt;
        String lastCallId;
        int lastCarried;
        int suppressedSinceLast;
    }
}
