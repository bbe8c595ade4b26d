package io.callguard.blocklist;

import java.util.List;

/** A page of a listing; pass {@code nextCursor} as {@code cursor} for the next page ({@code null} at the end). */
public record EntryPage(List<BlocklistEntry> items, String nextCursor) {}
