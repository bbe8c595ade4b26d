package io.callguard.readmodel;

import java.util.List;

/** Decisions, newest first; pass {@code nextCursor} as {@code cursor} for older ones ({@code null} at the end). */
public record DecisionPage(List<DecisionRow> items, String nextCursor) {}
