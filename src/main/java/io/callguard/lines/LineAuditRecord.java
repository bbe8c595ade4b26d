package io.callguard.lines;

import java.time.Instant;

/**
 * One change of the protected-line registry, as kept in the append-only {@code protected-lines-audit} topic. A
 * trusted number added and removed again leaves both records: who let whom through, and when.
 *
 * @param change CREATED, REPLACED, PATCHED or DELETED
 * @param before the line before the change, {@code null} when created
 * @param after the line after the change, {@code null} when deleted
 */
public record LineAuditRecord(
        String line, String change, String actor, Instant at, String why, ProtectedLine before, ProtectedLine after) {}
