package io.callguard.blocklist;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One record of the {@code fraud-blocklist} topic. The key of a number entry is its number ({@code +8617012345678}),
 * of a prefix entry {@code prefix:} and the prefix ({@code prefix:+86170}).
 */
public record BlocklistEntry(
        EntryKind kind,
        String value,
        EntryAction action,
        FraudCategory category,
        String reason,
        String source,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt) {

    public static final String PREFIX_KEY_PREFIX = "prefix:";
    /** Source of the temporary BLOCK entries that reports from the public earn (README, "Reports"). */
    public static final String COMMUNITY_SOURCE = "COMMUNITY";

    public static final int MAX_REASON_LENGTH = io.callguard.rest.Reasons.MAX_LENGTH;
    public static final int MAX_ACTOR_LENGTH = 128;

    /** Canonical number: E.164, or a short service code. */
    public static final Pattern NUMBER = Pattern.compile("\\+[1-9]\\d{6,14}|[1-9]\\d{2,5}");
    /** Canonical prefix: a plus and 2 to 15 digits. */
    public static final Pattern PREFIX = Pattern.compile("\\+[1-9]\\d{1,14}");

    public BlocklistEntry {
        Objects.requireNonNull(kind, "kind is required");
        Objects.requireNonNull(value, "value is required");
        Objects.requireNonNull(action, "action is required");
        if (kind == EntryKind.NUMBER && !isCanonicalNumber(value)) {
            throw new IllegalArgumentException("value '" + value + "' is not a canonical number (E.164 or short code)");
        }
        if (kind == EntryKind.PREFIX && !PREFIX.matcher(value).matches()) {
            throw new IllegalArgumentException("value '" + value + "' is not a prefix ('+' and 2-15 digits)");
        }
        category = category == null ? FraudCategory.OTHER : category;
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("reason longer than " + MAX_REASON_LENGTH + " characters");
        }
        if (source != null && !isSourceCode(source)) {
            throw new IllegalArgumentException("source '" + source + "' is not an upper-case code such as FRAUD_TEAM");
        }
        if (createdBy != null && createdBy.length() > MAX_ACTOR_LENGTH) {
            throw new IllegalArgumentException("createdBy longer than " + MAX_ACTOR_LENGTH + " characters");
        }
    }

    /** Same as {@link #NUMBER} without a regex: every state record passes here during catch-up. */
    static boolean isCanonicalNumber(String v) {
        int n = v.length();
        if (n == 0) {
            return false;
        }
        boolean plus = v.charAt(0) == '+';
        int digits = plus ? n - 1 : n;
        int first = plus ? 1 : 0;
        if (plus ? digits < 7 || digits > 15 : digits < 3 || digits > 6) {
            return false;
        }
        if (v.charAt(first) < '1' || v.charAt(first) > '9') {
            return false;
        }
        for (int i = first + 1; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Same as {@code [A-Z][A-Z0-9_]{0,39}}. */
    static boolean isSourceCode(String s) {
        int n = s.length();
        if (n == 0 || n > 40 || s.charAt(0) < 'A' || s.charAt(0) > 'Z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A label earned by reports: WARN or BLOCK {@code REPORTED}, not {@code BLOCKLISTED}. */
    public boolean isCommunityLabel() {
        return action == EntryAction.BLOCK && COMMUNITY_SOURCE.equals(source);
    }

    /** The topic key of this entry. */
    public String key() {
        return keyOf(kind, value);
    }

    public static String keyOf(EntryKind kind, String value) {
        return kind == EntryKind.PREFIX ? PREFIX_KEY_PREFIX + value : value;
    }

    /** Whether the entry still exists at {@code epochMillis}: an entry past {@code expiresAt} does not. */
    public boolean isLiveAt(long epochMillis) {
        return expiresAt == null || epochMillis < expiresAt.toEpochMilli();
    }
}
