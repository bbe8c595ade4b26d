package io.callguard.numbers;

import java.util.Objects;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Turns dialled or presented numbers into one canonical form: E.164 ({@code +8613800138000}) for subscriber
 * numbers, plain digits for short service codes ({@code 110}, {@code 96110}).
 *
 * <p>The common forms (E.164 and national mobile numbers of the default region, with or without {@code 86} /
 * {@code 0086}) are recognised without libphonenumber, which cost a third of the CPU in an earlier design. Everything
 * else goes through libphonenumber once and the result, valid or not, is cached. Invalid input yields {@code null}:
 * never an exception.
 */
public final class NumberNormalizer {

    /** Longest digit string treated as a short service code rather than a subscriber number. */
    public static final int MAX_SHORT_CODE_DIGITS = 6;

    private static final int MIN_SHORT_CODE_DIGITS = 3;
    private static final int MAX_RAW_LENGTH = 32;
    private static final String INVALID_MARKER = "";

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    private final int defaultCountryCode;
    private final String defaultCountryDigits;
    private final boolean chinaFastPath;
    private final Set<Integer> callingCodes;
    private final Cache<String, String> slowPathResults;
    private final Cache<String, Boolean> mobileResults;

    public NumberNormalizer(String defaultRegion, long parseCacheSize) {
        this.defaultRegion =
                Objects.requireNonNull(defaultRegion, "defaultRegion").toUpperCase();
        this.defaultCountryCode = util.getCountryCodeForRegion(this.defaultRegion);
        if (defaultCountryCode == 0) {
            throw new IllegalArgumentException(
                    "unknown default region '" + defaultRegion + "' (expected ISO 3166, e.g. CN)");
        }
        this.defaultCountryDigits = Integer.toString(defaultCountryCode);
        this.chinaFastPath = defaultCountryCode == 86;
        this.callingCodes = util.getSupportedCallingCodes();
        this.slowPathResults =
                Caffeine.newBuilder().maximumSize(parseCacheSize).recordStats().build();
        this.mobileResults = Caffeine.newBuilder().maximumSize(parseCacheSize).build();
    }

    public Cache<String, String> slowPathCache() {
        return slowPathResults;
    }

    /**
     * @return the canonical form of {@code raw}, or {@code null} when it is not a usable number
     */
    public String canonicalOrNull(String raw) {
        if (raw == null) {
            return null;
        }
        int length = raw.length();
        if (length == 0 || length > MAX_RAW_LENGTH) {
            return null;
        }
        String fast = fastPath(raw, length);
        if (fast != null) {
            return fast;
        }
        String cached = slowPathResults.get(raw, this::slowPath);
        return cached.isEmpty() ? null : cached;
    }

    /** Whether {@code canonical} is a short service code rather than an E.164 number. */
    public static boolean isShortCode(String canonical) {
        return !canonical.isEmpty() && canonical.charAt(0) != '+';
    }

    /**
     * @return the country calling code of an E.164 number, or the default region's code for a short code
     */
    public int countryCodeOf(String canonical) {
        if (isShortCode(canonical)) {
            return defaultCountryCode;
        }
        int code = 0;
        for (int i = 1; i <= 3 && i < canonical.length(); i++) {
            code = code * 10 + (canonical.charAt(i) - '0');
            if (callingCodes.contains(code)) {
                return code;
            }
        }
        return 0;
    }

    /** Whether {@code canonical} belongs to the default region: a short code, or an E.164 number of its country. */
    public boolean isHomeNumber(String canonical) {
        return isShortCode(canonical) || countryCodeOf(canonical) == defaultCountryCode;
    }

    /**
     * Whether {@code canonical} can roam: a mobile number. Fixed lines and short codes never do, so a roaming record
     * for one cannot excuse a call presenting it from abroad.
     */
    public boolean canRoam(String canonical) {
        if (isShortCode(canonical)) {
            return false;
        }
        if (chinaFastPath && canonical.startsWith("+86")) {
            return canonical.length() == 14 && isChinaMobileBody(canonical, 3);
        }
        return mobileResults.get(canonical, this::isMobileByMetadata);
    }

    private boolean isMobileByMetadata(String canonical) {
        try {
            PhoneNumberUtil.PhoneNumberType type = util.getNumberType(util.parse(canonical, defaultRegion));
            return type == PhoneNumberUtil.PhoneNumberType.MOBILE
                    || type == PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE;
        } catch (NumberParseException e) {
            return false;
        }
    }

    private String fastPath(String raw, int length) {
        char first = raw.charAt(0);
        if (first == '+') {
            if (!allDigits(raw, 1, length)) {
                return null;
            }
            if (chinaFastPath && length == 14 && raw.startsWith("+861") && isChinaMobileBody(raw, 3)) {
                return raw;
            }
            return null;
        }
        if (!allDigits(raw, 0, length)) {
            return null;
        }
        if (length >= MIN_SHORT_CODE_DIGITS && length <= MAX_SHORT_CODE_DIGITS && first != '0') {
            return raw;
        }
        if (!chinaFastPath) {
            return null;
        }
        if (length == 11 && isChinaMobileBody(raw, 0)) {
            return "+86" + raw;
        }
        if (length == 13 && raw.startsWith("86") && isChinaMobileBody(raw, 2)) {
            return "+" + raw;
        }
        if (length == 15 && raw.startsWith("0086") && isChinaMobileBody(raw, 4)) {
            return "+" + raw.substring(2);
        }
        return null;
    }

    /** Chinese mobile numbers: 11 digits, 1 then 3-9. */
    private static boolean isChinaMobileBody(String s, int from) {
        return s.length() - from == 11
                && s.charAt(from) == '1'
                && s.charAt(from + 1) >= '3'
                && s.charAt(from + 1) <= '9'
                && allDigits(s, from, s.length());
    }

    private static boolean allDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private String slowPath(String raw) {
        String cleaned = stripSeparators(raw);
        if (cleaned.isEmpty()) {
            return INVALID_MARKER;
        }
        if (!cleaned.equals(raw)) {
            String fast = fastPath(cleaned, cleaned.length());
            if (fast != null) {
                return fast;
            }
        }
        if (cleaned.charAt(0) != '+' && cleaned.startsWith(defaultCountryDigits) && !cleaned.startsWith("0")) {
            // "86..." without a plus: try it as international first, then as national.
            String asInternational = parseValid("+" + cleaned);
            if (asInternational != null) {
                return asInternational;
            }
        }
        String parsed = parseValid(cleaned);
        return parsed == null ? INVALID_MARKER : parsed;
    }

    private String parseValid(String candidate) {
        try {
            PhoneNumber number = util.parse(candidate, defaultRegion);
            if (!util.isValidNumber(number)) {
                return null;
            }
            return util.format(number, PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String stripSeparators(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= '0' && c <= '9') || (c == '+' && sb.length() == 0)) {
                sb.append(c);
            } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
                continue;
            } else {
                return "";
            }
        }
        return sb.toString();
    }
}
