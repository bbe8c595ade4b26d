package io.callguard.lines;

import java.util.List;

/** A page of protected lines; pass {@code nextCursor} as {@code cursor} for the next ({@code null} at the end). */
public record LinePage(List<ProtectedLine> items, String nextCursor) {}
