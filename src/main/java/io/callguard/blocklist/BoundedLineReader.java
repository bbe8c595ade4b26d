package io.callguard.blocklist;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines of at most {@code maxChars} characters. A longer line is never buffered: its first characters are
 * kept, the rest is skipped up to the next line break, and {@link #lastLineTooLong()} says so. A file of one endless
 * line therefore costs {@code maxChars} of memory, not the file's size.
 */
final class BoundedLineReader {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private final StringBuilder line;
    private int position;
    private int limit;
    private boolean tooLong;

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
        this.line = new StringBuilder(Math.min(maxChars, 256));
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), or {@code null} at the end. */
    String readLine() throws IOException {
        line.setLength(0);
        tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? finish() : null;
                }
            }
            any = true;
            while (position < limit) {
                char c = buffer[position++];
                if (c == '\n') {
                    return finish();
                }
                if (line.length() < maxChars) {
                    line.append(c);
                } else {
                    tooLong = true;
                }
            }
        }
    }

    /** Whether the line last returned was cut at {@code maxChars}. */
    boolean lastLineTooLong() {
        return tooLong;
    }

    /** The most characters this reader ever holds for a line. */
    int capacity() {
        return line.capacity();
    }

    private String finish() {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
            line.setLength(n - 1);
        }
        return line.toString();
    }
}
