package io.callguard.screening;

import io.callguard.blocklist.BlocklistEntry;

/** The list entry behind a decision, as decisions carry it: its key and its source, for support and disputes. */
public record MatchedEntry(String key, String source) {

    public static MatchedEntry of(BlocklistEntry entry) {
        return entry == null ? null : new MatchedEntry(entry.key(), entry.source());
    }
}
