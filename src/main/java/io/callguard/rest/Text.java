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

    public static String abbreviate(String s, int max) {
        if (s == null) {
            return "null";
        }
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
