package io.callguard.readmodel;

import java.util.List;

/** Changes, newest first; pass {@code nextCursor} as {@code cursor} for older ones ({@code null} at the end). */
public record HistoryPage(List<HistoryEntry> items, String nextCursor) {}
