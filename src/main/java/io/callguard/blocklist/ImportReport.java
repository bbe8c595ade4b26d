package io.callguard.blocklist;

import java.util.List;

/**
 * What an import did. Accepted lines were written (or were already present unchanged); rejected lines were not.
 *
 * @param rejections the first rejected lines in detail (all are counted in {@code rejected})
 */
public record ImportReport(long lines, long written, long unchanged, long rejected, List<Rejection> rejections) {

    /** A refused line: its 1-based line number and why. */
    public record Rejection(long line, String reason) {}
}
