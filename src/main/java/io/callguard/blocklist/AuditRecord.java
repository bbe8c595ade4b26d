package io.callguard.blocklist;

import java.time.Instant;

/**
 * One change of the blocklist, as kept in the append-only {@code blocklist-audit} topic: who, when, what, why.
 *
 * @param change CREATED, REPLACED or DELETED
 * @param why the reason given for the change (the entry's reason, or the delete's reason)
 * @param before the entry before the change, {@code null} when created
 * @param after the entry after the change, {@code null} when deleted
 */
public record AuditRecord(
        String key, String change, String actor, Instant at, String why, BlocklistEntry before, BlocklistEntry after) {}
