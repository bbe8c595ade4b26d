package io.callguard.readmodel;

import java.time.Instant;

import io.callguard.rest.Paging;
import io.callguard.rest.ProblemException;

/** The position after the last row of a page, newest first: its time and its source record. */
record Cursor(Instant at, int partition, long offset) {

    static Cursor decode(String raw) {
        String text = Paging.decodeCursor(raw);
        if (text == null) {
            return null;
        }
        String[] parts = text.split("\\|");
        try {
            return new Cursor(
                    Instant.ofEpochMilli(Long.parseLong(parts[0])),
                    Integer.parseInt(parts[1]),
                    Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "cursor is not one this API returned");
        }
    }

    String encode() {
        return Paging.encodeCursor(at.toEpochMilli() + "|" + partition + "|" + offset);
    }
}
