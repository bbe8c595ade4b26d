package io.callguard.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Paginated listings: a page size within bounds, and an opaque cursor holding the last key of the previous page. */
public final class Paging {

    private Paging() {}

    /** The {@code limit} query parameter as a number (400 if it is not one). */
    public static int parseLimit(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("limit", "limit must be an integer");
        }
    }

    /** The {@code limit} query parameter, parsed and within 1 to {@code max}. */
    public static int limit(String raw, int max) {
        int limit = parseLimit(raw);
        requireLimit(limit, max);
        return limit;
    }

    public static void requireLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw ProblemException.invalid("limit", "limit must be 1 to " + max);
        }
    }

    public static String encodeCursor(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The key to continue after, or {@code null} for the first page. */
    public static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "cursor is not one this API returned");
        }
    }
}
