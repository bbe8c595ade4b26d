package io.callguard.reports;

import java.util.Set;

import io.callguard.blocklist.BlocklistEntry;
import io.callguard.blocklist.BlocklistView;
import io.callguard.lines.ProtectedLinesView;

/** The numbers that reports must never label, however many people report them. */
final class LabelExclusions {

    /** Why a number over the threshold got no label; the metric's {@code why} tag. */
    enum Refusal {
        ALLOWLISTED,
        ALLOW_ENTRY,
        DNO_ENTRY,
        ALREADY_BLOCKED,
        PROTECTED_LINE,
        LINE_CONTACT,
        CLEARED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Set<String> globalAllowlist;
    private final BlocklistView blocklist;
    private final ProtectedLinesView lines;
    private final ClearancesView clearances;

    LabelExclusions(
            Set<String> globalAllowlist, BlocklistView blocklist, ProtectedLinesView lines, ClearancesView clearances) {
        this.globalAllowlist = globalAllowlist;
        this.blocklist = blocklist;
        this.lines = lines;
        this.clearances = clearances;
    }

    /** Why {@code number} must not be labelled at {@code atMillis}, or {@code null} if it may be. */
    Refusal refusalFor(String number, long atMillis) {
        if (globalAllowlist.contains(number)) {
            return Refusal.ALLOWLISTED;
        }
        Clearance cleared = clearances.get(number);
        if (cleared != null && atMillis < cleared.until().toEpochMilli()) {
            return Refusal.CLEARED;
        }
        BlocklistEntry listed = blocklist.longestMatch(number, atMillis);
        if (listed != null && !listed.isCommunityLabel()) {
            return switch (listed.action()) {
                case ALLOW -> Refusal.ALLOW_ENTRY;
                case DNO -> Refusal.DNO_ENTRY;
                case BLOCK -> Refusal.ALREADY_BLOCKED;
            };
        }
        if (lines.get(number) != null) {
            return Refusal.PROTECTED_LINE;
        }
        if (lines.isContactOfAnyLine(number)) {
            return Refusal.LINE_CONTACT;
        }
        return null;
    }

    /** Reports made before this time never count for {@code number}: a person has reviewed them. */
    long countedSince(String number) {
        Clearance cleared = clearances.get(number);
        return cleared == null ? 0 : cleared.clearedAt().toEpochMilli();
    }
}
