package io.callguard.rest;

/** Shortening untrusted text before it goes into a problem body or a log line. */
public final class Text {

    private Text() {}

    /** The first line of {@code s}, at most 300 characters. */
    public static String firstLine(String s) {
        if (s == null) {
            return "invalid input";
        }
        int nl = s.indexOf('\n');
        return abbreviate(nl < 0 ? s : s.substring(0, nl), 300);
    }

    /**
     * A value for a {@code key="value"} log field: quotes and backslashes escaped, control characters replaced, so
     * untrusted text can neither end the field nor start a forged line.
     */
    public static String forLog(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300) + 8);
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append('?');
            } else {
                b.append(c);
            }
        }
        return s.length() > 300 ? b.append("...").toString() : b.toString();
    }

    public static String abbreviate(String s, int max) {
        if (s == null) {
            return "null";
        }
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
