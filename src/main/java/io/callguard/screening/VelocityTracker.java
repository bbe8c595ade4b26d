package io.callguard.screening;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Counts, per caller, the distinct callees in a sliding window ending at each call's setup time.
 *
 * <p>Memory is bounded twice: at most {@code maxCallers} callers (least recently seen evicted first, so a flood of
 * unique spoofed callers cannot exhaust the heap), and per caller at most {@code cap} callees, because a count above
 * the block threshold decides nothing new.
 */
public final class VelocityTracker {

    private final long windowMillis;
    private final int cap;
    private final Cache<String, CallerWindow> callers;
    /** Created once: a lambda capturing {@code cap} at the call site would allocate on every call. */
    private final java.util.function.Function<String, CallerWindow> newWindow;

    public VelocityTracker(Duration window, int cap, long maxCallers, Ticker ticker) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("velocity window must be positive, got " + window);
        }
        if (cap < 1) {
            throw new IllegalArgumentException("velocity cap must be at least 1, got " + cap);
        }
        this.windowMillis = window.toMillis();
        this.cap = cap;
        this.newWindow = k -> new CallerWindow(cap);
        this.callers = Caffeine.newBuilder()
                .maximumSize(maxCallers)
                .expireAfterAccess(window)
                .ticker(ticker)
                .recordStats()
                .build();
    }

    /** Records the call and returns the distinct callees, this one included, in the window ending at {@code at}. */
    public int record(String caller, long calleeId, long at) {
        CallerWindow w = callers.get(caller, newWindow);
        synchronized (w) {
            w.touch(calleeId, at);
            return w.countWithin(at - windowMillis, at, calleeId);
        }
    }

    /** The count {@link #record} would return, without recording anything (for explain). */
    public int peek(String caller, long calleeId, long at) {
        CallerWindow w = callers.getIfPresent(caller);
        if (w == null) {
            return 1;
        }
        synchronized (w) {
            return w.countWithin(at - windowMillis, at, calleeId);
        }
    }

    public Cache<String, CallerWindow> cache() {
        return callers;
    }

    /** A callee id that needs no hashing: the digits of a canonical number as a long (15 digits fit). */
    public static long calleeId(String canonical) {
        long id = 0;
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (c >= '0' && c <= '9') {
                id = id * 10 + (c - '0');
            }
        }
        // Short codes and E.164 numbers with the same digits must not collide.
        return canonical.startsWith("+") ? id : -id - 1;
    }

    /** The most recent distinct callees of one caller, each with the last time it was called. */
    static final class CallerWindow {
        private final long[] callees;
        private final long[] lastSeen;
        private int size;

        CallerWindow(int cap) {
            callees = new long[cap];
            lastSeen = new long[cap];
        }

        void touch(long callee, long at) {
            int oldest = 0;
            for (int i = 0; i < size; i++) {
                if (callees[i] == callee) {
                    lastSeen[i] = Math.max(lastSeen[i], at);
                    return;
                }
                if (lastSeen[i] < lastSeen[oldest]) {
                    oldest = i;
                }
            }
            if (size < callees.length) {
                callees[size] = callee;
                lastSeen[size] = at;
                size++;
            } else if (lastSeen[oldest] < at) {
                callees[oldest] = callee;
                lastSeen[oldest] = at;
            }
        }

        /**
         * Distinct callees seen in (from, to], counting {@code extra} once whether or not it is among them.
         */
        int countWithin(long from, long to, long extra) {
            int count = 0;
            boolean extraSeen = false;
            for (int i = 0; i < size; i++) {
                if (lastSeen[i] > from && lastSeen[i] <= to) {
                    count++;
                }
                if (!extraSeen && callees[i] == extra && lastSeen[i] > from) {
                    extraSeen = true;
                    if (lastSeen[i] > to) {
                        count++;
                    }
                }
            }
            return extraSeen ? count : count + 1;
        }
    }
}
